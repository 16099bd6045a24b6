/**
 * A delivery channel: how messages in the outbox reach people one way (e-mail, a body's webhook).
 * Adding a channel means adding one module under channels/ that implements this, and listing it
 * in activities/delivery/index.ts; the dispatcher (dispatcher.activities.ts) does the rest:
 * planning, claiming due deliveries, recording attempts, retrying, and waking up on time.
 */
import type { DueDelivery } from '@db/deliveries/delivery.queries';

/** A delivery that is due, with what the channel needs to word and address it (read by libs/db). */
export type { DueDelivery } from '@db/deliveries/delivery.queries';

/** What came of one try. */
export interface DeliveryOutcome {
  deliveryId: string;
  ok: boolean;
  /** When it was tried (the dispatcher's clock). */
  at: Date;
  durationMs: number;
  /** The HTTP status or SMTP reply code, when there was one. */
  statusCode?: number | null;
  error?: string | null;
  /** Retrying cannot help (a mailbox that does not exist, 5xx from SMTP): give up now. */
  permanent?: boolean;
  /** The Message-ID or webhook-id it went out under. */
  messageId?: string | null;
}

/** Stores one outcome at once (before the next send), so a crash loses no more than the send in flight. */
export type RecordOutcome = (outcome: DeliveryOutcome) => Promise<void>;

export interface DeliveryChannel {
  /** Stored in deliveries.channel. */
  readonly name: string;
  /**
   * Due deliveries handed to one send(): bounded so that one dispatch stays inside its activity
   * timeout even when every one of them fails as slowly as it can.
   */
  readonly batchSize: number;
  /**
   * The addressees of newly planned notifications, as one SELECT reading the CTE `planned`
   * (columns id, agency, role, kind, created_at of the notifications being planned; `$1` is the
   * planning instant, timestamptz) and yielding the columns notification_id, target_id, address,
   * digest_day (date or NULL) and next_attempt_at. Null while the channel is off: nothing is
   * planned for it.
   */
  targets(): string | null;
  /**
   * Sends a batch of due deliveries, recording each outcome through `record` as soon as it is
   * known. A delivery's failure is an outcome, never a throw; a throw means the channel itself
   * broke, and the dispatcher's activity is retried.
   */
  send(batch: DueDelivery[], record: RecordOutcome, now: () => Date): Promise<void>;
  /** When to try again after `attempts` failed tries, the first at `firstAt`; null: give up. */
  retryAt(attempts: number, firstAt: Date, now: Date): Date | null;
  /** Runs after a batch's outcomes are stored (a webhook endpoint failing for days is disabled). */
  afterBatch?(now: Date): Promise<void>;
  /** Releases connections (the worker's shutdown). */
  close?(): Promise<void>;
}

/** Exponential backoff: `base × 2^(attempts − 1)`, at most `max`; null once `window` has passed since the first try. */
export function backoff(opts: { baseMs: number; maxMs: number; windowMs: number }) {
  return (attempts: number, firstAt: Date, now: Date): Date | null => {
    if (now.getTime() - firstAt.getTime() >= opts.windowMs) return null;
    const delay = Math.min(opts.baseMs * 2 ** Math.max(0, attempts - 1), opts.maxMs);
    return new Date(now.getTime() + delay);
  };
}
