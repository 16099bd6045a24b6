import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { AgencyEntity } from '../agencies/agency.entity';

/**
 * A person of a body in the directory: the roles they act in for it (libs/domain/src/contact.ts),
 * how to reach them and in which language. Delivery channels address a body's messages to its
 * contacts. Migration 0007.
 */
@Entity('contacts')
@Index('contacts_agency_idx', ['agency'])
export class ContactEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'contacts_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 32, nullable: false })
  @ForeignKey(() => AgencyEntity, { name: 'contacts_agency_fkey', onDelete: 'CASCADE' })
  agency: string;

  @Column({ type: 'text', nullable: false })
  name: string;

  /** secretariat | signer | recipient | reporting-unit */
  @Column({ type: 'text', array: true, nullable: false })
  roles: string[];

  @Column({ type: 'text', nullable: true })
  email: string | null;

  @Column({ type: 'text', nullable: true })
  phone: string | null;

  /** zh-CN (the default) or en. */
  @Column({ type: 'varchar', length: 8, nullable: false, default: 'zh-CN' })
  language: string;

  /** The channels this person wants (email); the inbox needs no wish. */
  @Column({ type: 'text', array: true, nullable: false, default: () => "'{email}'" })
  channels: string[];

  @Column({ type: 'timestamptz', name: 'created_at', nullable: false, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at', nullable: false, default: () => 'now()' })
  updatedAt: Date;
}
