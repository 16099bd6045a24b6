/** Step 4: one reminder sweep (催办) over ≥10,000 pending items: the worker's own activity code, run from here. */
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import type { SweepInput, SweepResult } from '@activities/year.activities';
import { campaignCalendar, createYearActivities } from '@activities/year.activities';
import { DEFAULT_YEAR_URGING, phaseAt } from '@domain/year';
import { fmtInt, fmtMs, round } from '../stats';
import { log } from '../system';
import type { ActivityCampaign } from './activities';

const DAY = 24 * 3600_000;

export interface SweepFigures {
  pendingActivities: number;
  pendingAcknowledgements: number;
  pendingSummaries: number;
  ms: number;
  result: SweepResult;
  notifications: number;
  activitiesMarked: number;
  national?: { pendingAcknowledgements: number; ms: number; notifications: number };
}

export async function sweepStep(db: DataSource, c: ActivityCampaign, nationalId: string | undefined): Promise<SweepFigures> {
  const acts = createYearActivities(db);
  const env = new MockActivityEnvironment({}, { logger: new DefaultLogger('WARN') });
  const at = new Date(c.sweepAt).toISOString();
  const [pending] = await db.query(
    `SELECT (SELECT count(*)::int FROM campaign_events WHERE campaign_id = $1 AND results IS NULL AND ends_at < $2) AS activities,
            (SELECT count(*)::int FROM campaign_recipients WHERE campaign_id = $1 AND role = 'main' AND acknowledged_at IS NULL) AS acks,
            (SELECT count(*)::int FROM campaign_recipients WHERE campaign_id = $1 AND reporting) AS summaries`,
    [c.id, at],
  );
  const input: SweepInput = { campaignId: c.id, at, phase: phaseAt(c.milestones, c.sweepAt), milestones: c.milestones, urging: DEFAULT_YEAR_URGING, shiftDays: 0 };
  log(`   sweep of ${at} (${input.phase}): ${fmtInt(pending.activities)} ended activities without results, ${pending.acks} unacknowledged 主送`);
  const t0 = performance.now();
  const result = (await env.run(acts.sweepReminders, input)) as SweepResult;
  const ms = performance.now() - t0;
  const [marked] = await db.query(`SELECT count(*)::int AS n FROM campaign_events WHERE campaign_id = $1 AND last_results_reminder_at = $2`, [c.id, at]);
  const notifications = result.acknowledgement + result.results + result.summaryBefore + result.summaryOverdue;
  const figures: SweepFigures = {
    pendingActivities: pending.activities,
    pendingAcknowledgements: pending.acks,
    pendingSummaries: pending.summaries,
    ms: round(ms),
    result,
    notifications,
    activitiesMarked: marked.n,
  };
  log(`   ${fmtMs(ms)}: ${marked.n} activities reminded, ${notifications} notifications written (${JSON.stringify(result)})`);

  if (nationalId) {
    // For comparison: the national campaign's sweep (its ~1,012 主送 have not acknowledged).
    const [row] = await db.query(`SELECT milestones, calendar_shift_days AS shift FROM campaigns WHERE id = $1`, [nationalId]);
    const cal = campaignCalendar(row.shift);
    const now = Date.now();
    const nAt = cal.mornings(now, now + 30 * DAY, DEFAULT_YEAR_URGING.hour).find((t) => cal.before(t, DEFAULT_YEAR_URGING.ackEveryWorkingDays - 1, 0) > now);
    if (nAt) {
      const [p] = await db.query(`SELECT count(*)::int AS n FROM campaign_recipients WHERE campaign_id = $1 AND role = 'main' AND acknowledged_at IS NULL`, [nationalId]);
      const nInput: SweepInput = { campaignId: nationalId, at: new Date(nAt).toISOString(), phase: phaseAt(row.milestones, nAt), milestones: row.milestones, urging: DEFAULT_YEAR_URGING, shiftDays: row.shift };
      const t1 = performance.now();
      const r = (await env.run(acts.sweepReminders, nInput)) as SweepResult;
      const nMs = performance.now() - t1;
      figures.national = { pendingAcknowledgements: p.n, ms: round(nMs), notifications: r.acknowledgement + r.results + r.summaryBefore + r.summaryOverdue };
      log(`   national campaign's sweep: ${fmtMs(nMs)}, ${figures.national.notifications} notifications for ${p.n} unacknowledged 主送`);
    }
  }
  return figures;
}
