import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { NotificationEntity } from '../notifications/notification.entity';

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'cancelled';

/**
 * One message on its way through one channel to one target (a contact's e-mail address, a
 * webhook endpoint): pending until sent, retried with backoff, failed when it gives up. Migration 0007.
 */
@Entity('deliveries')
@Check('deliveries_status_check', `status IN ('pending', 'sent', 'failed', 'cancelled')`)
@Unique('deliveries_notification_channel_target_key', ['notificationId', 'channel', 'targetId'])
@Index('deliveries_due_idx', ['nextAttemptAt'], { where: `status = 'pending'` })
@Index('deliveries_target_idx', ['targetId', 'createdAt'])
export class DeliveryEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'deliveries_pkey' })
  id: string;

  @Column({ type: 'bigint', name: 'notification_id', nullable: false })
  @ForeignKey(() => NotificationEntity, { name: 'deliveries_notification_id_fkey', onDelete: 'CASCADE' })
  notificationId: string;

  /** email | webhook: the channel module that sends it (activities/delivery/channels). */
  @Column({ type: 'varchar', length: 16, nullable: false })
  channel: string;

  /** The contact (email) or the endpoint (webhook). */
  @Column({ type: 'uuid', name: 'target_id', nullable: false })
  targetId: string;

  /** The e-mail address or URL as it was when planned. */
  @Column({ type: 'text', nullable: false })
  address: string;

  /** E-mail reminders folded into the morning digest: the working day (Asia/Shanghai) it belongs to. */
  @Column({ type: 'date', name: 'digest_day', nullable: true })
  digestDay: string | null;

  @Column({ type: 'varchar', length: 16, nullable: false, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'int', nullable: false, default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', name: 'next_attempt_at', nullable: false })
  nextAttemptAt: Date;

  @Column({ type: 'timestamptz', name: 'sent_at', nullable: true })
  sentAt: Date | null;

  /** The Message-ID (e-mail) or webhook-id it went out under: the same on every retry. */
  @Column({ type: 'text', name: 'message_id', nullable: true })
  messageId: string | null;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', nullable: false })
  createdAt: Date;
}

/** Each try of a delivery: when, what came of it, the status code (HTTP or SMTP) and the error. */
@Entity('delivery_attempts')
@Index('delivery_attempts_delivery_idx', ['deliveryId', 'at'])
export class DeliveryAttemptEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'delivery_attempts_pkey' })
  id: string;

  @Column({ type: 'bigint', name: 'delivery_id', nullable: false })
  @ForeignKey(() => DeliveryEntity, { name: 'delivery_attempts_delivery_id_fkey', onDelete: 'CASCADE' })
  deliveryId: string;

  @Column({ type: 'timestamptz', nullable: false })
  at: Date;

  /** sent | failed */
  @Column({ type: 'varchar', length: 16, nullable: false })
  outcome: string;

  @Column({ type: 'int', name: 'status_code', nullable: true })
  statusCode: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'int', name: 'duration_ms', nullable: true })
  durationMs: number | null;
}
