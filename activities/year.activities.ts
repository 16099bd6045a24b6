import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import { atShanghai, shanghaiYmd, workingDaysBefore, workingMornings } from '@domain/calendar';
import type { Milestones, YearPhase, YearUrging } from '@domain/year';
import type { AuditEvent } from './co-sign.activities';
import { appendAudit } from './co-sign.activities';

const DAY_MS = 24 * 3600_000;

/**
 * The working-day calendar as a campaign sees it. A rehearsal (rebaseTo) is shifted by whole days
 * and keeps its original year's holidays: 2023's National Day still falls right before the 10-10
 * deadline when 2023 is rehearsed in 2026.
 */
export function campaignCalendar(shiftDays: number) {
  const d = shiftDays * DAY_MS;
  return {
    mornings: (fromMs: number, toMs: number, hour: number) => workingMornings(fromMs - d, toMs - d, hour).map((t) => t + d),
    before: (deadlineMs: number, n: number, hour: number) => workingDaysBefore(deadlineMs - d, n, hour) + d,
    startOfDay: (ms: number) => atShanghai(shanghaiYmd(ms), 0),
  };
}

export interface YearEventInput {
  campaignId: string;
  seq: number;
  event: AuditEvent;
  /** Projected onto the campaign row when given. */
  phase?: YearPhase;
  milestones?: Milestones;
  commendationsPublishedAt?: string;
}

export type Audience = 'main' | 'recipients' | 'reporting' | 'lead' | 'children';

export interface AudienceNotice {
  campaignId: string;
  audience: Audience;
  kind: string;
  /** Unique per real-world message; the recipient's code is appended. */
  key: string;
  reason: string;
  at: string;
}

export interface SweepInput {
  campaignId: string;
  /** The working-day morning this sweep stands for (workflow time). */
  at: string;
  phase: YearPhase;
  milestones: Milestones;
  urging: YearUrging;
  shiftDays: number;
}

export interface SweepResult {
  acknowledgement: number;
  results: number;
  summaryBefore: number;
  summaryOverdue: number;
}

/**
 * What the campaign's year does to the world. Everything is set-based SQL over PostgreSQL (a
 * thousand recipients or ten thousand pending items are one statement each), keyed for
 * idempotency so a retried activity never writes a message twice. Each heartbeats while it runs
 * (the wrapper in activities/index.ts), however long one statement takes.
 */
export function createYearActivities(ds: DataSource) {
  return {
    /** Appends the audit entry and projects phase / milestones / publication onto the campaign. */
    async recordYearEvent(input: YearEventInput): Promise<{ hash: string }> {
      const { campaignId, seq, event, phase, milestones, commendationsPublishedAt } = input;
      return ds.transaction(async (m) => {
        const hash = await appendAudit(m, campaignId, seq, event);
        await m.query(
          `UPDATE campaigns
              SET phase = COALESCE($2, phase), milestones = COALESCE($3::jsonb, milestones),
                  commendations_published_at = COALESCE($4, commendations_published_at),
                  state_version = $5, updated_at = now()
            WHERE id = $1 AND state_version < $5`,
          [campaignId, phase ?? null, milestones ? JSON.stringify(milestones) : null, commendationsPublishedAt ?? null, seq],
        );
        return { hash };
      });
    },

    /**
     * Distribution (分发): every recipient receives the issued notice. 主送 bodies must acknowledge
     * (签收); 抄送 bodies are informed. One statement for all of them, however many.
     */
    async distribute(input: { campaignId: string; at: string; docNumber: string }): Promise<{ main: number; cc: number }> {
      const { campaignId, at, docNumber } = input;
      return ds.transaction(async (m) => {
        await m.query(
          `INSERT INTO notifications (campaign_id, idempotency_key, agency, role, kind, reason, created_at)
           SELECT r.campaign_id, r.campaign_id || ':delivered:' || r.agency, r.agency, 'recipient',
                  CASE r.role WHEN 'main' THEN 'notice-delivered' ELSE 'notice-copied' END,
                  CASE r.role WHEN 'main' THEN $3 || ' 主送: please acknowledge receipt (签收)'
                              ELSE $3 || ' 抄送: for your information' END,
                  $2
             FROM campaign_recipients r
            WHERE r.campaign_id = $1 AND r.delivered_at IS NULL
           ON CONFLICT (idempotency_key) DO NOTHING`,
          [campaignId, at, docNumber],
        );
        await m.query(`UPDATE campaign_recipients SET delivered_at = $2 WHERE campaign_id = $1::uuid AND delivered_at IS NULL`, [campaignId, at]);
        await m.query(`UPDATE campaigns SET distributed_at = COALESCE(distributed_at, $2) WHERE id = $1`, [campaignId, at]);
        const [counts]: { main: number; cc: number }[] = await m.query(
          `SELECT count(*) FILTER (WHERE role = 'main')::int AS main, count(*) FILTER (WHERE role = 'cc')::int AS cc
             FROM campaign_recipients WHERE campaign_id = $1`,
          [campaignId],
        );
        log.info('notice distributed', { campaignId, ...counts });
        return counts;
      });
    },

    /** The working-day mornings (09:00 Asia/Shanghai) on which the year's reminder sweeps run. */
    async planMornings(input: { fromMs: number; toMs: number; hour: number; shiftDays: number }): Promise<number[]> {
      return campaignCalendar(input.shiftDays).mornings(input.fromMs, input.toMs, input.hour);
    },

    /** One message per member of an audience, set-based. */
    async notifyAudience(input: AudienceNotice): Promise<number> {
      const { campaignId, audience, kind, key, reason, at } = input;
      const select: Record<Audience, string> = {
        main: `SELECT agency, 'recipient' AS role FROM campaign_recipients WHERE campaign_id = $1::uuid AND role = 'main'`,
        recipients: `SELECT agency, 'recipient' AS role FROM campaign_recipients WHERE campaign_id = $1::uuid`,
        reporting: `SELECT agency, 'reporting-unit' AS role FROM campaign_recipients WHERE campaign_id = $1::uuid AND reporting`,
        lead: `SELECT lead_agency AS agency, 'secretariat' AS role FROM campaigns WHERE id = $1::uuid`,
        children: `SELECT lead_agency AS agency, 'secretariat' AS role FROM campaigns WHERE parent_id = $1::uuid`,
      };
      const rows: unknown[] = await ds.query(
        `INSERT INTO notifications (campaign_id, idempotency_key, agency, role, kind, reason, created_at)
         SELECT $1::uuid, $2::text || ':' || a.agency, a.agency, a.role, $3, $4, $5 FROM (${select[audience]}) a
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [campaignId, `${campaignId}:${key}`, kind, reason, at],
      );
      return rows.length;
    },

    /**
     * The daily reminder sweep (催办), on working-day mornings: 主送 bodies that have not
     * acknowledged, organizers of ended activities without results, and reporting units whose
     * summary is due soon (7, 3, 1 working days before) or overdue (chased every working day).
     */
    async sweepReminders(input: SweepInput): Promise<SweepResult> {
      const { campaignId, at, milestones, urging, shiftDays, phase } = input;
      const cal = campaignCalendar(shiftDays);
      const atMs = Date.parse(at);
      const day = shanghaiYmd(atMs);
      const every = (n: number) => (n > 1 ? cal.before(atMs, n - 1, 0) : cal.startOfDay(atMs));
      const result: SweepResult = { acknowledgement: 0, results: 0, summaryBefore: 0, summaryOverdue: 0 };

      const acks: unknown[] = await ds.query(
        `WITH due AS (
           UPDATE campaign_recipients
              SET reminders_sent = reminders_sent + 1, last_reminded_at = $2
            WHERE campaign_id = $1::uuid AND role = 'main' AND delivered_at IS NOT NULL AND acknowledged_at IS NULL
              AND COALESCE(last_reminded_at, delivered_at) < $3
           RETURNING agency, reminders_sent)
         INSERT INTO notifications (campaign_id, idempotency_key, agency, role, kind, reason, created_at)
         SELECT $1::uuid, $1::text || ':ack-reminder:' || agency || ':' || $4, agency, 'recipient', 'ack-reminder',
                'reminder ' || reminders_sent || ': please acknowledge receipt (签收) of the notice', $2
           FROM due
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [campaignId, at, new Date(every(urging.ackEveryWorkingDays)).toISOString(), day],
      );
      result.acknowledgement = acks.length;

      const results: unknown[] = await ds.query(
        `WITH due AS (
           UPDATE campaign_events
              SET results_reminders = results_reminders + 1, last_results_reminder_at = $2
            WHERE campaign_id = $1::uuid AND results IS NULL AND ends_at < $2 AND results_reminders < $3
              AND COALESCE(last_results_reminder_at, ends_at) < $4
           RETURNING organizer, title)
         INSERT INTO notifications (campaign_id, idempotency_key, agency, role, kind, reason, created_at)
         SELECT $1::uuid, $1::text || ':results-reminder:' || organizer || ':' || $5, organizer, 'organizer', 'results-reminder',
                count(*) || ' ended activities await results (photos, videos, news links, participants, summary): '
                  || left(string_agg(title, '；' ORDER BY title), 400),
                $2
           FROM due GROUP BY organizer
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        [campaignId, at, urging.resultsMaxReminders, new Date(every(urging.resultsEveryWorkingDays)).toISOString(), day],
      );
      result.results = results.length;

      const dueMs = Date.parse(milestones.summaryDueAt);
      const missing = `FROM campaign_recipients r
            WHERE r.campaign_id = $1::uuid AND r.reporting
              AND NOT EXISTS (SELECT 1 FROM summary_reports s WHERE s.campaign_id = r.campaign_id AND s.unit = r.agency)`;
      if (atMs < dueMs) {
        const n = urging.summaryBeforeWorkingDays.find((k) => shanghaiYmd(cal.before(dueMs, k, urging.hour)) === day);
        if (n !== undefined) {
          const rows: unknown[] = await ds.query(
            `INSERT INTO notifications (campaign_id, idempotency_key, agency, role, kind, reason, created_at)
             SELECT $1::uuid, $1::text || ':summary-reminder:' || r.agency || ':' || $3, r.agency, 'reporting-unit', 'summary-reminder', $4, $2
             ${missing}
             ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
            [campaignId, at, day, `${n} working day${n > 1 ? 's' : ''} left: the summary report (总结报送) is due by ${milestones.summaryDueAt}`],
          );
          result.summaryBefore = rows.length;
        }
      } else if (phase !== 'closed') {
        const rows: unknown[] = await ds.query(
          `INSERT INTO notifications (campaign_id, idempotency_key, agency, role, kind, reason, created_at)
           SELECT $1::uuid, $1::text || ':summary-overdue:' || r.agency || ':' || $3, r.agency, 'reporting-unit', 'summary-overdue', $4, $2
           ${missing}
           ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
          [campaignId, at, day, `overdue: the summary report was due by ${milestones.summaryDueAt}; it is still accepted and will be marked late`],
        );
        result.summaryOverdue = rows.length;
        // Once, at the first sweep after the deadline: the lead's secretariat learns who has not reported.
        await ds.query(
          `INSERT INTO notifications (campaign_id, idempotency_key, agency, role, kind, reason, created_at)
           SELECT c.id, c.id::text || ':summary-escalation', c.lead_agency, 'secretariat', 'escalation',
                  'summary deadline ' || $3 || ' passed; ' || m.n || ' reporting unit(s) have not reported: ' || m.codes, $2
             FROM campaigns c,
                  (SELECT count(*) AS n, left(string_agg(r.agency, ', ' ORDER BY r.agency), 600) AS codes ${missing}) m
            WHERE c.id = $1::uuid AND m.n > 0
           ON CONFLICT (idempotency_key) DO NOTHING`,
          [campaignId, at, milestones.summaryDueAt],
        );
      }
      log.info('reminder sweep', { campaignId, at, ...result });
      return result;
    },
  };
}
