import { Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { NotificationKind, NotificationRole } from '@domain/messages';
import { CampaignEntity } from '../campaigns/campaign.entity';

// The kinds and roles of notifications are the domain's (libs/domain/src/messages/facts.ts).

/**
 * The notification outbox. Workflows decide who is told what and when; libs/db/src/notifications/
 * outbox.ts writes it exactly once (idempotency key). The dispatcher fans each out to its deliveries
 * (e-mail, webhooks) and fills delivered_at / channel when one first reaches a person. Migrations
 * 0000, 0005 and 0007.
 */
@Entity('notifications')
@Index('notifications_campaign_idx', ['campaignId', 'createdAt', 'id'])
@Index('notifications_inbox_idx', ['agency', 'role', 'createdAt', 'id'])
@Index('notifications_unplanned_idx', ['id'], { where: 'planned_at IS NULL' })
export class NotificationEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'notifications_pkey' })
  id: string;

  /** Null for what concerns no campaign (a webhook endpoint disabled). */
  @Column({ type: 'uuid', name: 'campaign_id', nullable: true })
  @ForeignKey(() => CampaignEntity, { name: 'notifications_campaign_id_fkey', onDelete: 'CASCADE' })
  campaignId: string | null;

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

  /** When the addressed body marked it read in its inbox, and who did. */
  @Column({ type: 'timestamptz', name: 'read_at', nullable: true })
  readAt: Date | null;

  @Column({ type: 'text', name: 'read_by', nullable: true })
  readBy: string | null;

  /** When the dispatcher fanned it out to its channels (deliveries); null until then. */
  @Column({ type: 'timestamptz', name: 'planned_at', nullable: true })
  plannedAt: Date | null;
}
