import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { sleep } from './stats';

/**
 * Watches campaigns until every recipient row is delivered; one query for all of them, polled.
 * Resolves each watch with the performance.now() at which it was seen complete.
 */
export class DeliveryWatcher {
  private readonly waiting = new Map<string, { resolve: (t: number) => void; reject: (e: Error) => void; deadline: number }>();
  private running = false;

  constructor(
    private readonly db: DataSource,
    private readonly intervalMs = 50,
  ) {}

  watch(campaignId: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.waiting.set(campaignId, { resolve, reject, deadline: Date.now() + timeoutMs });
      if (!this.running) void this.loop();
    });
  }

  private async loop(): Promise<void> {
    this.running = true;
    try {
      while (this.waiting.size) {
        const ids = [...this.waiting.keys()];
        const rows: { id: string; delivered: number; total: number }[] = await this.db.query(
          `SELECT campaign_id AS id, count(*) FILTER (WHERE delivered_at IS NOT NULL)::int AS delivered, count(*)::int AS total
             FROM campaign_recipients WHERE campaign_id = ANY($1::uuid[]) GROUP BY campaign_id`,
          [ids],
        );
        const seenAt = performance.now();
        const byId = new Map(rows.map((r) => [r.id, r]));
        for (const id of ids) {
          const w = this.waiting.get(id)!;
          const r = byId.get(id);
          if (r && r.total > 0 && r.delivered === r.total) {
            this.waiting.delete(id);
            w.resolve(seenAt);
          } else if (Date.now() > w.deadline) {
            this.waiting.delete(id);
            w.reject(new Error(`campaign ${id}: ${r?.delivered ?? 0} of ${r?.total ?? 0} recipients delivered when the wait timed out`));
          }
        }
        await sleep(this.intervalMs);
      }
    } catch (err) {
      for (const w of this.waiting.values()) w.reject(err as Error);
      this.waiting.clear();
    } finally {
      this.running = false;
    }
  }
}
