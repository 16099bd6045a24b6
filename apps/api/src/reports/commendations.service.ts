import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { NominationKind, NominationStatus } from '@db/entities';
import type { Principal } from '@domain/auth';
import type { FieldProblem } from '@domain/field-problem';
import { isUuid } from '@domain/ids';
import { checkNominationShape, duplicatePositions } from '@domain/report';
import { CampaignPhase, inCommendation } from '@domain/year';
import { publishCommendationsUpdate } from '@temporal/messages';
import { TEMPORAL_CLIENT } from '@temporal/temporal-client.module';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CampaignAccess } from '../campaigns/campaign-access';
import { NominateDto, NominationDecisionDto, RecommendDto } from './dto/reports.dto';
import { toApiError } from '../campaigns/temporal-errors';

const iso = (d: Date | string | null): string | null => (d ? new Date(d).toISOString() : null);

/** The campaign and every relay under it (转发, recursively): where nominees may come from. */
const TREE = `WITH RECURSIVE tree(id, depth) AS (
    SELECT $1::uuid, 0
    UNION ALL
    SELECT c.id, t.depth + 1 FROM campaigns c JOIN tree t ON c.parent_id = t.id WHERE t.depth < 10)`;

interface NominationRow {
  id: string;
  kind: NominationKind;
  unit: string | null;
  unit_name: string | null;
  person: string | null;
  activity_id: string | null;
  activity_title: string | null;
  citation: string;
  status: NominationStatus;
  nominated_by: string;
  decided_by: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  created_at: Date;
  source_campaign_id: string | null;
  source_nomination_id: string | null;
  source_title: string | null;
  source_lead: string | null;
  source_doc_number: string | null;
}

function view(r: NominationRow) {
  return {
    id: r.id,
    kind: r.kind,
    unit: r.unit,
    unitName: r.unit_name,
    person: r.person,
    activityId: r.activity_id,
    activityTitle: r.activity_title,
    citation: r.citation,
    status: r.status,
    nominatedBy: r.nominated_by,
    decision: r.decided_at ? { by: r.decided_by, at: iso(r.decided_at), note: r.decision_note } : null,
    source: r.source_campaign_id
      ? { campaignId: r.source_campaign_id, nominationId: r.source_nomination_id, title: r.source_title, leadAgency: r.source_lead, docNumber: r.source_doc_number }
      : null,
    createdAt: iso(r.created_at),
  };
}
export type NominationView = ReturnType<typeof view>;

interface CampaignState {
  id: string;
  title: string;
  phase: CampaignPhase;
  lead_agency: string;
  doc_number: string | null;
  parent_id: string | null;
  commendations_published_at: Date | null;
}

/**
 * Commendation (表扬 / 推荐): after the summary deadline the lead's secretariat nominates units,
 * individuals and activities, decides, and publishes the list (through the campaign workflow); a
 * relay recommends its best upward into its parent's pool.
 */
@Injectable()
export class CommendationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly access: CampaignAccess,
  ) {}

  async nominate(who: Principal, id: string, dto: NominateDto): Promise<NominationView> {
    await this.access.asLead(who, id, 'nominate for commendation');
    const shape = checkNominationShape(dto);
    if (shape.length) throw ApiError.validation(shape);
    return this.ds.transaction(async (m) => {
      const c = await this.lockForCommendation(m, id);
      const problems: FieldProblem[] = [];
      let unit = dto.unit ?? null;
      if (dto.kind === 'activity') {
        const [activity]: { organizer: string }[] = await m.query(
          `${TREE} SELECT a.organizer FROM campaign_events a WHERE a.id = $2::bigint AND a.campaign_id IN (SELECT id FROM tree)`,
          [c.id, dto.activityId],
        );
        if (!activity) problems.push({ field: 'activityId', message: `no activity ${dto.activityId} in this campaign or a relay under it` });
        else if (unit && unit !== activity.organizer) problems.push({ field: 'unit', message: `activity ${dto.activityId} is organized by ${activity.organizer}, not ${unit}` });
        else unit = activity.organizer;
      } else if (unit) {
        problems.push(...(await this.checkUnit(m, c.id, unit)));
      }
      if (problems.length) throw ApiError.validation(problems);
      const nid = randomUUID();
      await m.query(
        `INSERT INTO nominations (id, campaign_id, kind, unit, person, activity_id, citation, status, nominated_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'nominated', $8, $9)`,
        [nid, c.id, dto.kind, unit, dto.kind === 'individual' ? dto.person!.trim() : null, dto.kind === 'activity' ? dto.activityId : null, dto.citation, who.sub, new Date()],
      );
      return (await this.views(m, 'n.id = $1', [nid]))[0];
    });
  }

  /** The pool (organizer side): own nominations and those recommended up by relays. */
  async pool(who: Principal, id: string, status?: NominationStatus) {
    const c = await this.access.visible(who, id);
    if (!(await this.access.isOrganizerSide(who, c))) throw ApiError.forbidden(`${who.agency} may not see the nomination pool of this campaign`);
    const items = status
      ? await this.views(this.ds.manager, 'n.campaign_id = $1 AND n.status = $2', [id, status])
      : await this.views(this.ds.manager, 'n.campaign_id = $1', [id]);
    return { publishedAt: iso(c.commendationsPublishedAt), items };
  }

  async decide(who: Principal, id: string, nid: string, dto: NominationDecisionDto): Promise<NominationView> {
    await this.access.asLead(who, id, 'decide on nominations');
    if (!isUuid(nid)) throw ApiError.notFound(`nomination ${nid}`);
    return this.ds.transaction(async (m) => {
      const c = await this.lockForCommendation(m, id);
      const [rows]: [{ id: string }[], number] = await m.query(
        `UPDATE nominations SET status = $3, decided_by = $4, decided_at = $5, decision_note = $6
          WHERE id = $2 AND campaign_id = $1 RETURNING id`,
        [c.id, nid, dto.decision === 'commend' ? 'commended' : 'declined', who.sub, new Date(), dto.note ?? null],
      );
      if (!rows.length) throw ApiError.notFound(`nomination ${nid} of this campaign`);
      return (await this.views(m, 'n.id = $1', [nid]))[0];
    });
  }

  /** Publishes the list: the workflow records it, projects the date and tells every recipient. */
  async publish(who: Principal, id: string) {
    const c = await this.access.asLead(who, id, 'publish the commendation list');
    if (c.commendationsPublishedAt) {
      throw new ApiError(HttpStatus.CONFLICT, ApiErrorCode.ALREADY_PUBLISHED, `the commendation list was published at ${iso(c.commendationsPublishedAt)}`);
    }
    if (!inCommendation(c.phase)) {
      throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, `the commendation list is published in the commendation phase; the campaign is ${c.phase}`);
    }
    const [{ n }]: { n: number }[] = await this.ds.query(`SELECT count(*)::int AS n FROM nominations WHERE campaign_id = $1 AND status = 'commended'`, [id]);
    if (!n) throw new ApiError(HttpStatus.CONFLICT, ApiErrorCode.NOTHING_COMMENDED, 'nothing is commended yet: decide on the nominations first');
    let publishedAt: string;
    try {
      ({ publishedAt } = await this.temporal.workflow.getHandle(c.workflowId).executeUpdate(publishCommendationsUpdate, { args: [{ commended: n, by: who.sub }] }));
    } catch (err) {
      // Refusals of the workflow's validator: WRONG_PHASE, ALREADY_PUBLISHED (409s); a closed year is a 409 too.
      throw toApiError(err);
    }
    return { publishedAt, commended: await this.views(this.ds.manager, `n.campaign_id = $1 AND n.status = 'commended'`, [id]) };
  }

  /** The published list (any party); empty until it is published. */
  async published(who: Principal, id: string) {
    const c = await this.access.visible(who, id);
    if (!c.commendationsPublishedAt) return { publishedAt: null, items: [] };
    return {
      publishedAt: iso(c.commendationsPublishedAt),
      items: await this.views(this.ds.manager, `n.campaign_id = $1 AND n.status = 'commended'`, [id]),
    };
  }

  /**
   * A relay recommends commended nominations to its parent (推荐): they enter the parent's pool as
   * nominations marked with where they came from, and the parent's lead is told. Repeating is
   * harmless: what is already there is answered again.
   */
  async recommend(who: Principal, id: string, dto: RecommendDto): Promise<{ created: number; body: { recommended: NominationView[] } }> {
    const child = await this.access.asLead(who, id, 'recommend to the parent campaign');
    if (!child.parentId) throw new ApiError(HttpStatus.CONFLICT, ApiErrorCode.NOT_A_RELAY, 'this campaign is not a relay: there is no parent campaign to recommend to');
    const ids = dto.nominationIds;
    const shape: FieldProblem[] = [];
    ids.forEach((v, i) => {
      if (!isUuid(v)) shape.push({ field: `nominationIds.${i}`, message: 'must be a nomination id (UUID)' });
    });
    if (shape.length) throw ApiError.validation(shape);
    const wanted = (ids as string[]).map((s) => s.toLowerCase());
    const dups = duplicatePositions(wanted, 'nominationIds');
    if (dups.length) throw ApiError.validation(dups);

    return this.ds.transaction(async (m) => {
      const [parent]: CampaignState[] = await m.query(
        `SELECT id, title, phase, lead_agency, doc_number, parent_id, commendations_published_at FROM campaigns WHERE id = $1 FOR SHARE`,
        [child.parentId],
      );
      if (parent.commendations_published_at) {
        throw new ApiError(HttpStatus.CONFLICT, ApiErrorCode.ALREADY_PUBLISHED, `the parent campaign published its commendation list at ${iso(parent.commendations_published_at)}`);
      }
      if (parent.phase === 'closed' || parent.phase === 'withdrawn') {
        throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, `the parent campaign is ${parent.phase}`);
      }
      const originals: { id: string; status: NominationStatus; kind: string; unit: string | null; person: string | null }[] = await m.query(
        `SELECT id, status, kind, unit, person FROM nominations WHERE campaign_id = $1 AND id = ANY($2::uuid[])`,
        [child.id, wanted],
      );
      const byId = new Map(originals.map((o) => [o.id, o]));
      const problems: FieldProblem[] = [];
      wanted.forEach((nid, i) => {
        const o = byId.get(nid);
        if (!o) problems.push({ field: `nominationIds.${i}`, message: `no nomination ${nid} in this campaign` });
        else if (o.status !== 'commended') problems.push({ field: `nominationIds.${i}`, message: `${nid} is ${o.status}, not commended: only commended ones are recommended` });
      });
      if (problems.length) throw ApiError.validation(problems);

      const created: { source_nomination_id: string }[] = await m.query(
        `INSERT INTO nominations (id, campaign_id, kind, unit, person, activity_id, citation, status, source_campaign_id, source_nomination_id, nominated_by, created_at)
         SELECT x.new_id, $1, n.kind, n.unit, n.person, n.activity_id, n.citation, 'nominated', n.campaign_id, n.id, $3, $4
           FROM unnest($2::uuid[], $5::uuid[]) WITH ORDINALITY AS x(orig_id, new_id, ord)
           JOIN nominations n ON n.id = x.orig_id
          ORDER BY x.ord
         ON CONFLICT (campaign_id, source_nomination_id) DO NOTHING
         RETURNING source_nomination_id`,
        [parent.id, wanted, who.sub, new Date(), wanted.map(() => randomUUID())],
      );
      if (created.length) {
        const newIds = created.map((r) => r.source_nomination_id).sort();
        const what = newIds
          .map((nid) => byId.get(nid)!)
          .map((o) => (o.kind === 'individual' ? `${o.person} (${o.unit})` : `${o.kind} ${o.unit ?? ''}`.trim()))
          .join('、');
        const reason = `${child.leadAgency} recommends ${created.length} for commendation (推荐) from ${child.docNumber ?? child.title}: ${what}`;
        const key = `${parent.id}:recommendation:${child.id}:${createHash('sha256').update(newIds.join(',')).digest('hex').slice(0, 32)}`;
        await m.query(
          `INSERT INTO notifications (campaign_id, idempotency_key, agency, role, kind, reason, created_at)
           VALUES ($1, $2, $3, 'secretariat', 'recommendation', $4, $5)
           ON CONFLICT (idempotency_key) DO NOTHING`,
          [parent.id, key, parent.lead_agency, reason.slice(0, 1000), new Date()],
        );
      }
      const recommended = await this.views(m, `n.campaign_id = $1 AND n.source_nomination_id = ANY($2::uuid[])`, [parent.id, wanted]);
      const order = new Map(wanted.map((nid, i) => [nid, i]));
      recommended.sort((a, b) => order.get(a.source!.nominationId!)! - order.get(b.source!.nominationId!)!);
      return { created: created.length, body: { recommended } };
    });
  }

  /**
   * The campaign row, share-locked for the transaction (the workflow's projection of a
   * publication waits for it), checked to be open for nominations and decisions.
   */
  private async lockForCommendation(m: EntityManager, id: string): Promise<CampaignState> {
    const [c]: CampaignState[] = await m.query(
      `SELECT id, title, phase, lead_agency, doc_number, parent_id, commendations_published_at FROM campaigns WHERE id = $1 FOR SHARE`,
      [id],
    );
    if (c.commendations_published_at) {
      throw new ApiError(HttpStatus.CONFLICT, ApiErrorCode.ALREADY_PUBLISHED, `the commendation list was published at ${iso(c.commendations_published_at)}; it no longer changes`);
    }
    if (!inCommendation(c.phase)) {
      throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, `nominations and decisions are made in the commendation phase, after the summary deadline; the campaign is ${c.phase}`);
    }
    return c;
  }

  /** A nominated unit must be a known body taking part in this campaign or a relay under it. */
  private async checkUnit(m: EntityManager, campaignId: string, unit: string): Promise<FieldProblem[]> {
    const [row]: { known: boolean; party: boolean }[] = await m.query(
      `${TREE}
       SELECT EXISTS (SELECT 1 FROM agencies WHERE code = $2::varchar) AS known,
              EXISTS (SELECT 1 FROM campaign_recipients r WHERE r.campaign_id IN (SELECT id FROM tree) AND r.agency = $2::varchar)
              OR EXISTS (SELECT 1 FROM campaigns c WHERE c.id IN (SELECT id FROM tree)
                           AND (c.lead_agency = $2::varchar OR c.co_sign -> 'signers' @> jsonb_build_array(jsonb_build_object('agency', $2::varchar)))) AS party`,
      [campaignId, unit],
    );
    if (!row.known) return [{ field: 'unit', message: `unknown agency code ${unit}` }];
    if (!row.party) return [{ field: 'unit', message: `${unit} is neither an issuer nor a recipient of this campaign or of a relay under it` }];
    return [];
  }

  private views(m: EntityManager, where: string, params: unknown[]): Promise<NominationView[]> {
    return m
      .query(
        `SELECT n.id, n.kind, n.unit, a.name AS unit_name, n.person, n.activity_id::text AS activity_id, act.title AS activity_title,
                n.citation, n.status, n.nominated_by, n.decided_by, n.decided_at, n.decision_note, n.created_at,
                n.source_campaign_id, n.source_nomination_id, sc.title AS source_title, sc.lead_agency AS source_lead, sc.doc_number AS source_doc_number
           FROM nominations n
           LEFT JOIN agencies a ON a.code = n.unit
           LEFT JOIN campaign_events act ON act.id = n.activity_id
           LEFT JOIN campaigns sc ON sc.id = n.source_campaign_id
          WHERE ${where}
          ORDER BY n.created_at, n.id`,
        params,
      )
      .then((rows: NominationRow[]) => rows.map(view));
  }
}
