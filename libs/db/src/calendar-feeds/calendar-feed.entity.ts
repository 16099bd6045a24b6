import { Column, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { AgencyEntity } from '../agencies/agency.entity';

/**
 * A body's iCalendar feed of the deadlines that concern it. The feed's URL carries a token, the
 * only credential a calendar application can send; it is kept as its SHA-256, and revoking the
 * feed ends it. Migration 0007.
 */
@Entity('calendar_feeds')
@Unique('calendar_feeds_token_sha256_key', ['tokenSha256'])
@Index('calendar_feeds_agency_idx', ['agency'])
export class CalendarFeedEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'calendar_feeds_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 32, nullable: false })
  @ForeignKey(() => AgencyEntity, { name: 'calendar_feeds_agency_fkey', onDelete: 'CASCADE' })
  agency: string;

  @Column({ type: 'char', length: 64, name: 'token_sha256', nullable: false })
  tokenSha256: string;

  @Column({ type: 'text', name: 'created_by', nullable: false })
  createdBy: string;

  @Column({ type: 'timestamptz', name: 'created_at', nullable: false })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
