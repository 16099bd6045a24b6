import type { TodoKind } from '@domain/inbox';
import { TODO_KINDS } from '@domain/inbox';
import { acceptsSummaries, inCommendation, phaseIndex, YEAR_PHASES } from '@domain/year';
import { resultsMissingSql } from '../campaign-events/campaign-event.queries';
import { awaitingSignOffSql, currentMilestonesSql, pendingCoSignerSql } from '../campaigns/campaign.queries';
import { awaitingAcknowledgementSql } from '../recipients/recipient.queries';
import type { Db } from '../sql';
import { rows, sqlInt } from '../sql';
import { summaryMissingSql } from '../summaries/summary.queries';

/**
 * A body's to-do list (待办), derived from live state — the campaigns' co-signing projections,
 * the recipients' rows, the events, the summaries, the nominations — never from the messages sent
 * about them: what was done is gone at once, whatever the outbox says. What counts as pending is
 * the reminder sweep's own predicate each time (recipient, event and summary queries), so the list
 * and the 催办 never disagree. One statement, set-based: a body with 10,000 events missing results
 * gets one item per campaign with the count.
 */

export interface TodoRow {
  kind: TodoKind;
  campaignId: string;
  title: string;
  docNumber: string | null;
  /** The deadline the item is bound by; null when the data sets none (acknowledgement, sign-off). */
  dueAt: Date | null;
  /** How many: events missing results, nominations to decide; null for the others. */
  count: number | null;
  /** The first few of those events' titles (results only). */
  titles: string[] | null;
}

/** Titles shown with a results item: the ones that ended first. */
export const TODO_RESULTS_TITLES = 5;

/** Results are added until the campaign closes (the API refuses them after); the sweep stops there too. */
const OPEN_YEAR_PHASES = YEAR_PHASES.filter((p) => p !== 'closed');
/** Summaries are due from the reporting phase while they are accepted (late ones still count). */
const SUMMARY_PHASES = YEAR_PHASES.filter((p) => phaseIndex(p) >= phaseIndex('reporting') && acceptsSummaries(p));
/** Nominations are decided in the commendation phase only (libs/domain/src/report.ts, commendationRefusal). */
const NOMINATION_PHASES = YEAR_PHASES.filter(inCommendation);

/**
 * What `agency` must do now (`at`), of the kinds asked, most urgent first: by due time, items
 * without one last; then in TODO_KINDS order, by title. Deadlines: a co-signing's is the
 * projection's dueAt; results are due by the close (records are final then); the summary by the
 * current summaryDueAt; nominations by the close (the commendation phase ends there).
 */
export function todoOf(db: Db, input: { agency: string; kinds: readonly TodoKind[]; at: Date | string }): Promise<TodoRow[]> {
  const { agency, kinds, at } = input;
  const m = currentMilestonesSql('c');
  const titles = sqlInt(TODO_RESULTS_TITLES, 100);
  return rows<TodoRow>(
    db,
    `SELECT t.kind, t.campaign_id AS "campaignId", t.title, t.doc_number AS "docNumber", t.due_at AS "dueAt", t.count, t.titles
       FROM (
         SELECT 'co-sign' AS kind, c.id AS campaign_id, c.title, c.doc_number, (c.co_sign ->> 'dueAt')::timestamptz AS due_at,
                NULL::int AS count, NULL::text[] AS titles
           FROM campaigns c
          WHERE 'co-sign' = ANY($2::text[]) AND ${pendingCoSignerSql('c', '$1::text')}
         UNION ALL
         SELECT 'sign-off', c.id, c.title, c.doc_number, NULL, NULL, NULL
           FROM campaigns c
          WHERE 'sign-off' = ANY($2::text[]) AND c.lead_agency = $1 AND ${awaitingSignOffSql('c')}
         UNION ALL
         SELECT 'acknowledge', c.id, c.title, c.doc_number, NULL, NULL, NULL
           FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
          WHERE 'acknowledge' = ANY($2::text[]) AND r.agency = $1 AND ${awaitingAcknowledgementSql('r')} AND c.phase = ANY($4::text[])
         UNION ALL
         SELECT 'results', c.id, c.title, c.doc_number, (${m} ->> 'closesAt')::timestamptz, e.n, e.titles
           FROM campaigns c
           JOIN LATERAL (
             SELECT count(*)::int AS n, (array_agg(a.title ORDER BY a.ends_at, a.id))[1:${titles}] AS titles
               FROM campaign_events a
              WHERE a.campaign_id = c.id AND a.organizer = $1 AND ${resultsMissingSql('a', '$3::timestamptz')}
             HAVING count(*) > 0) e ON true
          WHERE 'results' = ANY($2::text[]) AND c.phase = ANY($4::text[])
         UNION ALL
         SELECT 'summary', c.id, c.title, c.doc_number, (${m} ->> 'summaryDueAt')::timestamptz, NULL, NULL
           FROM campaign_recipients r JOIN campaigns c ON c.id = r.campaign_id
          WHERE 'summary' = ANY($2::text[]) AND r.agency = $1 AND ${summaryMissingSql('r')} AND c.phase = ANY($5::text[])
         UNION ALL
         SELECT 'nominations', c.id, c.title, c.doc_number, (${m} ->> 'closesAt')::timestamptz, x.n, NULL
           FROM campaigns c
           JOIN LATERAL (SELECT count(*)::int AS n FROM nominations x WHERE x.campaign_id = c.id AND x.status = 'nominated' HAVING count(*) > 0) x ON true
          WHERE 'nominations' = ANY($2::text[]) AND c.lead_agency = $1 AND c.phase = ANY($6::text[]) AND c.commendations_published_at IS NULL
       ) t
      ORDER BY t.due_at ASC NULLS LAST, array_position($7::text[], t.kind), t.title, t.campaign_id`,
    [agency, kinds, new Date(at).toISOString(), OPEN_YEAR_PHASES, SUMMARY_PHASES, NOMINATION_PHASES, TODO_KINDS],
  );
}
