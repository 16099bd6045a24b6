import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { CampaignEntity } from '../campaigns/campaign.entity';

export type NotificationKind =
  | 'co-sign-request'
  | 'reminder'
  | 'escalation'
  | 'ready-for-sign-off'
  | 'revision'
  | 'rejection'
  | 'withdrawn'
  | 'issued'
  // the campaign's year
  | 'notice-delivered'
  | 'notice-copied'
  | 'ack-reminder'
  | 'phase'
  | 'milestones-moved'
  | 'results-reminder'
  | 'summary-reminder'
  | 'summary-overdue'
  | 'relay-launched'
  | 'recommendation'
  | 'commendations-published'
  // to the lead's secretariat: something the workflow could not do, and will not retry (workflows/README.md)
  | 'failure';

export type NotificationRole = 'signer' | 'secretariat' | 'recipient' | 'organizer' | 'reporting-unit';

/**
 * The notification outbox. Workflows decide who is told what and when; libs/db/src/notifications/
 * outbox.ts writes it exactly once (idempotency key). Delivery channels (mail, SMS, OA push) read
 * from here later and fill delivered_at / channel. Migrations 0000 and 0004.
 */
@Entity('notifications')
@Index('notifications_campaign_idx', ['campaignId', 'createdAt', 'id'])
export class NotificationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'notifications_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'campaign_id', nullable: false })
  @ForeignKey(() => CampaignEntity, { name: 'notifications_campaign_id_fkey', onDelete: 'CASCADE' })
  campaignId: string;

  @Column({ type: 'text', name: 'idempotency_key', nullable: false, unique: true })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 32, nullable: false })
  agency: string;

  @Column({ type: 'varchar', length: 32, nullable: false })
  role: NotificationRole;

  @Column({ type: 'varchar', length: 32, nullable: false })
  kind: NotificationKind;

  /** The message as text, for readers of today; the facts are in `data`. */
  @Column({ type: 'text', nullable: false })
  reason: string;

  /** What the message is about, as facts (see NotificationFacts): delivery channels render from these. */
  @Column({ type: 'jsonb', nullable: false, default: () => "'{}'" })
  data: Record<string, unknown>;

  @Column({ type: 'timestamptz', name: 'created_at', nullable: false })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'text', nullable: true })
  channel: string | null;
}
