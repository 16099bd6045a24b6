import type { EntityManager } from 'typeorm';
import { writeNotifications } from '../notifications/outbox';
import type { Db } from '../sql';
import { row, rows } from '../sql';
import type { SummaryReportEntity } from './summary-report.entity';

/**
 * Report-back (总结报送): each reporting unit's summaries, every submission a revision; the matrix
 * of who stands where; the reminders before the deadline, the chasing after it and the one
 * escalation to the lead.
 */

export interface NewSummary {
  campaignId: string;
  unit: string;
  text: string;
  figures: Record<string, number>;
  links: string[];
  late: boolean;
  submittedBy: string;
  submittedAt: Date;
}

/**
 * Stores the unit's next revision (1 for the first). Lock the unit's recipient row first
 * (recipientReporting with lock) so concurrent submissions get consecutive revisions; the unique
 * (campaign, unit, revision) stays the last word on races (a 23505 to retry).
 */
export async function insertSummaryRevision(m: EntityManager, s: NewSummary): Promise<Pick<SummaryReportEntity, 'revision' | 'submittedAt'>> {
  const created = await row<Pick<SummaryReportEntity, 'revision' | 'submittedAt'>>(
    m,
    `INSERT INTO summary_reports (campaign_id, unit, revision, text, figures, links, late, submitted_by, submitted_at)
     SELECT $1::uuid, $2::varchar, COALESCE(max(revision), 0) + 1, $3::text, $4::jsonb, $5::jsonb, $6::boolean, $7::text, $8::timestamptz
       FROM summary_reports WHERE campaign_id = $1::uuid AND unit = $2::varchar
     RETURNING revision, submitted_at AS "submittedAt"`,
    [s.campaignId, s.unit, s.text, JSON.stringify(s.figures), JSON.stringify(s.links), s.late, s.submittedBy, s.submittedAt],
  );
  return created!;
}

/** A reporting unit and where it stands (no revisions: missing). */
export interface SummaryMatrixRow {
  unit: string;
  name: string;
  region: string | null;
  regionName: string | null;
  revisions: number;
  /** Some revision was on time (null: none submitted). */
  onTime: boolean | null;
  latestRevision: number | null;
  latestAt: Date | null;
  firstAt: Date | null;
}

/** Every reporting unit of the campaign (or only `unit`), by region and code. */
export function summaryMatrix(db: Db, campaignId: string, unit: string | null = null): Promise<SummaryMatrixRow[]> {
  return rows(
    db,
    `SELECT r.agency AS unit, a.name, a.region, a.region_name AS "regionName",
            COALESCE(s.revisions, 0) AS revisions, s.on_time AS "onTime", s.latest_revision AS "latestRevision",
            s.latest_at AS "latestAt", s.first_at AS "firstAt"
       FROM campaign_recipients r
       JOIN agencies a ON a.code = r.agency
       LEFT JOIN LATERAL (
         SELECT count(*)::int AS revisions, bool_or(NOT late) AS on_time, max(revision) AS latest_revision,
                max(submitted_at) AS latest_at, min(submitted_at) AS first_at
           FROM summary_reports s WHERE s.campaign_id = r.campaign_id AND s.unit = r.agency
         HAVING count(*) > 0) s ON true
      WHERE r.campaign_id = $1 AND r.reporting AND ($2::text IS NULL OR r.agency = $2)
      ORDER BY a.region NULLS LAST, r.agency`,
    [campaignId, unit],
  );
}

export type SummaryRevision = Pick<SummaryReportEntity, 'revision' | 'text' | 'figures' | 'links' | 'late' | 'submittedBy' | 'submittedAt'>;

/** The unit's revisions, latest first. */
export function summaryRevisions(db: Db, campaignId: string, unit: string): Promise<SummaryRevision[]> {
  return rows(
    db,
    `SELECT revision, text, figures, links, late, submitted_by AS "submittedBy", submitted_at AS "submittedAt"
       FROM summary_reports WHERE campaign_id = $1 AND unit = $2 ORDER BY revision DESC`,
    [campaignId, unit],
  );
}

/**
 * A recipient row (`r`, an alias) of a reporting unit that has submitted no summary yet: reminded
 * before the deadline and chased after it by the sweep, shown on its to-do list.
 */
export const summaryMissingSql = (r: string) =>
  `${r}.reporting AND NOT EXISTS (SELECT 1 FROM summary_reports s WHERE s.campaign_id = ${r}.campaign_id AND s.unit = ${r}.agency)`;

/** Reporting units of $1 without any summary, as addressee rows; $2 is the day (key suffix). */
const MISSING_UNITS = `SELECT r.agency, 'reporting-unit'::text AS role, $2::text AS key_suffix, NULL::jsonb AS data
    FROM campaign_recipients r
   WHERE r.campaign_id = $1::uuid AND ${summaryMissingSql('r')}`;

/**
 * Before the deadline (7, 3, 1 working days): every reporting unit without a summary is reminded.
 * Keys `<campaign>:summary-reminder:<unit>:<day>`.
 */
export function remindMissingSummaries(db: Db, input: { campaignId: string; at: string; day: string; dueAt: string; workingDaysLeft: number }): Promise<number> {
  const { campaignId, at, day, dueAt, workingDaysLeft } = input;
  return writeNotifications(db, campaignId, {
    kind: 'summary-reminder',
    key: 'summary-reminder',
    at,
    data: { dueAt, workingDaysLeft, day },
    to: { query: { sql: MISSING_UNITS, params: [campaignId, day] } },
  });
}

/** After the deadline, every working day: every reporting unit without a summary is chased. */
export function chaseOverdueSummaries(db: Db, input: { campaignId: string; at: string; day: string; dueAt: string }): Promise<number> {
  const { campaignId, at, day, dueAt } = input;
  return writeNotifications(db, campaignId, {
    kind: 'summary-overdue',
    key: 'summary-overdue',
    at,
    data: { dueAt, day },
    to: { query: { sql: MISSING_UNITS, params: [campaignId, day] } },
  });
}

/**
 * Once, at the first sweep after the deadline: the lead's secretariat learns which reporting units
 * have not reported (nothing when all have). Key `<campaign>:summary-escalation`.
 */
export function escalateMissingSummaries(db: Db, input: { campaignId: string; at: string; dueAt: string }): Promise<number> {
  const { campaignId, at, dueAt } = input;
  return writeNotifications(db, campaignId, {
    kind: 'escalation',
    key: 'summary-escalation',
    at,
    data: { subject: 'summary', dueAt },
    to: {
      query: {
        perRecipient: false,
        sql: `SELECT c.lead_agency AS agency, 'secretariat'::text AS role, NULL::text AS key_suffix,
                     jsonb_build_object('missing', m.n, 'units', to_jsonb(m.units)) AS data
                FROM campaigns c,
                     (SELECT count(*) AS n, array_agg(r.agency ORDER BY r.agency) AS units
                        FROM campaign_recipients r
                       WHERE r.campaign_id = $1::uuid AND ${summaryMissingSql('r')}) m
               WHERE c.id = $1::uuid AND m.n > 0`,
        params: [campaignId],
      },
    },
  });
}
