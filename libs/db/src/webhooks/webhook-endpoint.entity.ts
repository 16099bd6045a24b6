import { Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { AgencyEntity } from '../agencies/agency.entity';

/**
 * A body's own OA system, told of the kinds of notification it asked for, signed as the Standard
 * Webhooks specification says. The secret signs; it is shown once, at creation, and never read
 * back through the API. Migration 0007.
 */
@Entity('webhook_endpoints')
@Index('webhook_endpoints_agency_idx', ['agency'])
export class WebhookEndpointEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'webhook_endpoints_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 32, nullable: false })
  @ForeignKey(() => AgencyEntity, { name: 'webhook_endpoints_agency_fkey', onDelete: 'CASCADE' })
  agency: string;

  @Column({ type: 'text', nullable: false })
  url: string;

  /** Notification kinds, or ['*'] for every kind. */
  @Column({ type: 'text', array: true, nullable: false })
  events: string[];

  /** whsec_<base64>: never returned after creation. */
  @Column({ type: 'text', nullable: false })
  secret: string;

  @Column({ type: 'text', name: 'created_by', nullable: false })
  createdBy: string;

  @Column({ type: 'timestamptz', name: 'created_at', nullable: false })
  createdAt: Date;

  /** The first failure since the last success; null while it works. */
  @Column({ type: 'timestamptz', name: 'failing_since', nullable: true })
  failingSince: Date | null;

  @Column({ type: 'timestamptz', name: 'disabled_at', nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'text', name: 'disabled_reason', nullable: true })
  disabledReason: string | null;

  @Column({ type: 'timestamptz', name: 'deleted_at', nullable: true })
  deletedAt: Date | null;
}
