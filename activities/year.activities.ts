import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { AuditEvent } from '@db/audit/audit.queries';
import { appendAuditEntry } from '@db/audit/audit.queries';
import { remindMissingResults } from '@db/campaign-events/campaign-event.queries';
import { projectYearState } from '@db/campaigns/campaign.queries';
import type { Audience, OutboxMessage } from '@db/notifications/outbox';
import { writeNotifications } from '@db/notifications/outbox';
import { distributeNotice, remindUnacknowledged } from '@db/recipients/recipient.queries';
import { chaseOverdueSummaries, escalateMissingSummaries, remindMissingSummaries } from '@db/summaries/summary.queries';
import { atShanghai, isWorkingDay, nextWorkingMorning, shanghaiYmd, workingDaysBefore, workingMornings } from '@domain/calendar';
import type { WorkingDayWindow } from '@domain/co-sign';
import type { NotificationKind } from '@domain/messages';
import type { Milestones, YearPhase, YearUrging } from '@domain/year';

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
    workingDay: (ms: number): WorkingDayWindow => workingDayOf(ms - d, d),
  };
}

/**
 * The working day an instant counts in (a weekend or holiday belongs to the working day before
 * it): from 00:00 of the latest working day on or before its date to 00:00 of the next working
 * day, Asia/Shanghai — on the calendar `shiftMs` earlier, shifted back.
 */
function workingDayOf(ms: number, shiftMs: number): WorkingDayWindow {
  const today = atShanghai(shanghaiYmd(ms), 0);
  let start = today;
  // The longest run of days off (Spring Festival, with weekends) is well under three weeks.
  for (let i = 0; i < 31 && !isWorkingDay(shanghaiYmd(start)); i++) start -= DAY_MS;
  return { startsAt: start + shiftMs, nextStartsAt: nextWorkingMorning(today, 0) + shiftMs };
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

export type { Audience };

export interface AudienceNotice {
  campaignId: string;
  /** Who is told; the outbox knows who that is (libs/db/src/notifications/outbox.ts). */
  audience: Audience;
  kind: NotificationKind;
  /** Unique per real-world message; the recipient's code is appended. */
  key: string;
  /** What the message is about (the kind's NotificationFacts in libs/domain/src/messages), kept in `data`. */
  data?: Record<string, unknown>;
  /**
   * @deprecated Workflows record facts (`data`) and the outbox renders the text. Inputs recorded
   * before that carry the English text instead (and no facts); it is stored as given.
   */
  reason?: string;
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
 * What the campaign's year does to the world, through libs/db's functions. Everything is set-based
 * SQL over PostgreSQL (a thousand recipients or ten thousand pending items are one statement
 * each), and every message goes through the outbox writer, keyed for idempotency so a retried
 * activity never writes a message twice. Each heartbeats while it runs (the wrapper in
 * activities/index.ts), however long one statement takes.
 */
export function createYearActivities(ds: DataSource) {
  return {
    /** Appends the audit entry and projects phase / milestones / publication onto the campaign. */
    async recordYearEvent(input: YearEventInput): Promise<{ hash: string }> {
      const { campaignId, seq, event, phase, milestones, commendationsPublishedAt } = input;
      return ds.transaction(async (m) => {
        const hash = await appendAuditEntry(m, campaignId, seq, event);
        await projectYearState(m, campaignId, seq, { phase, milestones, commendationsPublishedAt });
        return { hash };
      });
    },

    /**
     * Distribution (分发): every recipient receives the issued notice. 主送 bodies must acknowledge
     * (签收); 抄送 bodies are informed. One statement for all of them, however many.
     */
    async distribute(input: { campaignId: string; at: string; docNumber: string }): Promise<{ main: number; cc: number }> {
      const counts = await distributeNotice(ds, input);
      log.info('notice distributed', { campaignId: input.campaignId, ...counts });
      return counts;
    },

    /** The working-day mornings (09:00 Asia/Shanghai) on which the year's reminder sweeps run. */
    async planMornings(input: { fromMs: number; toMs: number; hour: number; shiftDays: number }): Promise<number[]> {
      return campaignCalendar(input.shiftDays).mornings(input.fromMs, input.toMs, input.hour);
    },

    /** The working day an instant counts in, on the campaign's calendar: what limits 手动催办 to one a working day. */
    async workingDayOf(input: { at: string; shiftDays: number }): Promise<WorkingDayWindow> {
      return campaignCalendar(input.shiftDays).workingDay(Date.parse(input.at));
    },

    /** One message per member of an audience, set-based. */
    async notifyAudience(input: AudienceNotice): Promise<number> {
      const { campaignId, audience, kind, key, reason, data, at } = input;
      // Without a reason (every input since facts), the outbox renders it from the facts.
      return writeNotifications(ds, campaignId, { kind, key, to: { audience }, reason, data, at } as OutboxMessage);
    },

    /**
     * The daily reminder sweep (催办), on working-day mornings: 主送 bodies that have not
     * acknowledged, organizers of ended campaign events without results, and reporting units whose
     * summary is due soon (7, 3, 1 working days before) or overdue (chased every working day).
     */
    async sweepReminders(input: SweepInput): Promise<SweepResult> {
      const { campaignId, at, milestones, urging, shiftDays, phase } = input;
      const cal = campaignCalendar(shiftDays);
      const atMs = Date.parse(at);
      const day = shanghaiYmd(atMs);
      /** Not reminded since: the start of the working day `n - 1` working days back (today for 1). */
      const notSince = (n: number) => new Date(n > 1 ? cal.before(atMs, n - 1, 0) : cal.startOfDay(atMs)).toISOString();
      const result: SweepResult = { acknowledgement: 0, results: 0, summaryBefore: 0, summaryOverdue: 0 };

      result.acknowledgement = await remindUnacknowledged(ds, { campaignId, at, notSince: notSince(urging.ackEveryWorkingDays), day });
      result.results = await remindMissingResults(ds, {
        campaignId,
        at,
        maxReminders: urging.resultsMaxReminders,
        notSince: notSince(urging.resultsEveryWorkingDays),
        day,
      });

      const dueAt = milestones.summaryDueAt;
      const dueMs = Date.parse(dueAt);
      if (atMs < dueMs) {
        const n = urging.summaryBeforeWorkingDays.find((k) => shanghaiYmd(cal.before(dueMs, k, urging.hour)) === day);
        if (n !== undefined) result.summaryBefore = await remindMissingSummaries(ds, { campaignId, at, day, dueAt, workingDaysLeft: n });
      } else if (phase !== 'closed') {
        result.summaryOverdue = await chaseOverdueSummaries(ds, { campaignId, at, day, dueAt });
        // Once, at the first sweep after the deadline: the lead's secretariat learns who has not reported.
        await escalateMissingSummaries(ds, { campaignId, at, dueAt });
      }
      log.info('reminder sweep', { campaignId, at, ...result });
      return result;
    },
  };
}
