import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { AgencyEntity } from '../agencies/agency.entity';

/**
 * A person who logs in to the console: the body they act for, the token roles they hold
 * (libs/domain/src/auth.ts), their argon2id password hash and the lockout state of repeated failed
 * logins. The login is stored in lower case. Migration 0008.
 */
@Entity('users')
@Unique('users_login_key', ['login'])
@Index('users_agency_idx', ['agency'])
export class UserEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'users_pkey' })
  id: string;

  @Column({ type: 'text', nullable: false })
  login: string;

  @Column({ type: 'text', nullable: false })
  name: string;

  @Column({ type: 'varchar', length: 32, nullable: false })
  @ForeignKey(() => AgencyEntity, { name: 'users_agency_fkey' })
  agency: string;

  /** secretariat | signer | recipient | admin: the roles its access tokens carry. */
  @Column({ type: 'text', array: true, nullable: false })
  roles: string[];

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', name: 'password_hash', nullable: false })
  passwordHash: string;

  @Column({ type: 'boolean', nullable: false, default: true })
  active: boolean;

  /** Consecutive failed logins since the last success. */
  @Column({ type: 'int', name: 'failed_logins', nullable: false, default: 0 })
  failedLogins: number;

  @Column({ type: 'timestamptz', name: 'locked_until', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'timestamptz', name: 'created_at', nullable: false, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', nullable: false, default: () => 'now()' })
  updatedAt: Date;
}

/**
 * A browser's refresh token, kept as its SHA-256: presented in an httpOnly cookie, it buys a new
 * access token once and is replaced (rotation). Migration 0008.
 */
@Entity('refresh_tokens')
@Unique('refresh_tokens_token_sha256_key', ['tokenSha256'])
@Index('refresh_tokens_user_id_idx', ['userId'])
export class RefreshTokenEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'refresh_tokens_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'user_id', nullable: false })
  @ForeignKey(() => UserEntity, { name: 'refresh_tokens_user_id_fkey', onDelete: 'CASCADE' })
  userId: string;

  @Column({ type: 'char', length: 64, name: 'token_sha256', nullable: false })
  tokenSha256: string;

  @Column({ type: 'timestamptz', name: 'created_at', nullable: false, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'expires_at', nullable: false })
  expiresAt: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
