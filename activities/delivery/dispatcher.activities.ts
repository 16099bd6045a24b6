import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { dispatchBacklog, dueDeliveries, planDeliveries, recordOutcome } from '@db/deliveries/delivery.queries';
import type { DeliveryChannel } from './channel';

/** Notifications planned per call: the national notice's ~1,000 recipients' messages in one statement. */
export const PLAN_BATCH = 5_000;

export interface DispatchInput {
  /** The dispatcher workflow's clock: deliveries due by then are sent, retries are scheduled from it. */
  now: string;
}

export interface DispatchResult {
  planned: number;
  sent: number;
  failed: number;
  /** More is due right now (a full batch, or notifications waiting to be planned): call again at once. */
  more: boolean;
  /** When the next pending delivery is due (null: nothing pending). */
  nextDueAt: string | null;
}

/**
 * The dispatcher's one activity: plan what was written to the outbox since the last call, then
 * send what is due, channel by channel. Set-based at both ends; each send's outcome is stored
 * before the next, so a worker killed mid-batch resends at most the mails in flight.
 */
export function createDeliveryActivities(deps: { dataSource: DataSource; channels: readonly DeliveryChannel[] }) {
  const ds = deps.dataSource;
  return {
    async dispatch(input: DispatchInput): Promise<DispatchResult> {
      // The workflow's clock advanced by the time this call has taken (they agree in production;
      // under a time-skipping test server the workflow's is the one that counts).
      const started = Date.now();
      const base = Date.parse(input.now);
      const clock = () => new Date(base + (Date.now() - started));

      const on = deps.channels.flatMap((c) => {
        const targets = c.targets();
        return targets ? [{ channel: c, targets }] : [];
      });
      const names = on.map((o) => o.channel.name);
      const plan = await planDeliveries(ds, { at: clock(), limit: PLAN_BATCH, channels: on.map((o) => ({ name: o.channel.name, targets: o.targets })) });
      const due = names.length ? await dueDeliveries(ds, { now: clock(), channels: on.map((o) => ({ name: o.channel.name, limit: o.channel.batchSize })) }) : [];
      const byId = new Map(due.map((d) => [d.id, d]));
      let sent = 0;
      let failed = 0;
      await Promise.all(
        on.map(async ({ channel }) => {
          const mine = due.filter((d) => d.channel === channel.name);
          if (!mine.length) return;
          await channel.send(
            mine,
            async (o) => {
              const d = byId.get(o.deliveryId);
              if (!d) throw new Error(`channel ${channel.name} answered for delivery ${o.deliveryId}, which it was not given`);
              const retryAt = o.ok || o.permanent ? null : channel.retryAt(d.attempts + 1, d.firstAttemptAt ?? o.at, o.at);
              await recordOutcome(ds, { ...o, channel: channel.name, retryAt });
              if (o.ok) sent++;
              else failed++;
            },
            clock,
          );
          await channel.afterBatch?.(clock());
        }),
      );
      const backlog = await dispatchBacklog(ds, names);
      const more = backlog.unplanned || (backlog.nextDueAt !== null && backlog.nextDueAt.getTime() <= clock().getTime());
      if (plan.planned || sent || failed) log.info('dispatched', { planned: plan.planned, deliveries: plan.deliveries, sent, failed });
      return { planned: plan.planned, sent, failed, more, nextDueAt: backlog.nextDueAt?.toISOString() ?? null };
    },
  };
}
