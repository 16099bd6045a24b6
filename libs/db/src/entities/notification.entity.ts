import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

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
 * The notification outbox. Workflows decide who is told what and when; the notify activity writes
 * it here exactly once (idempotency key). Delivery channels (mail, SMS, OA push) read from here
 * later and fill delivered_at / channel.
 */
@Entity('notifications')
export class NotificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid', name: 'campaign_id' })
  campaignId: string;

  @Column({ type: 'text', name: 'idempotency_key', unique: true })
  idempotencyKey: string;

  @Column({ type: 'varchar', length: 32 })
  agency: string;

  @Column({ type: 'varchar', length: 32 })
  role: NotificationRole;

  @Column({ type: 'varchar', length: 32 })
  kind: NotificationKind;

  @Column({ type: 'text' })
  reason: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'text', nullable: true })
  channel: string | null;
}
