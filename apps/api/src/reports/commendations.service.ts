import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { campaignEventOrganizerInTree } from '@db/campaign-events/campaign-event.queries';
import type { CampaignCommendationState } from '@db/campaigns/campaign.queries';
import { lockCampaignForShare } from '@db/campaigns/campaign.queries';
import type { NominationStatus } from '@db/nominations/nomination.entity';
import type { NominationViewRow } from '@db/nominations/nomination.queries';
import {
  countCommended,
  decideNomination,
  insertNomination,
  nominationsOf,
  nominationViews,
  recommendNominations,
  unitStanding,
} from '@db/nominations/nomination.queries';
import type { Principal } from '@domain/auth';
import type { FieldProblem } from '@domain/field-problem';
import { isUuid } from '@domain/ids';
import type { CommendationAct, CommendationState } from '@domain/report';
import { checkNominationShape, commendationRefusal, duplicatePositions } from '@domain/report';
import { publishCommendationsUpdate } from '@temporal/messages';
import { DispatcherWaker } from '@temporal/temporal-client.module';
import { CampaignUpdates } from '../campaigns/campaign-updates';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CampaignAccess } from '../campaigns/campaign-access';
import { NominateDto, NominationDecisionDto, RecommendDto } from './dto/reports.dto';
import { toApiError } from '../campaigns/temporal-errors';
import { isoOrNull as iso } from '../common/dates';


function view(r: NominationViewRow) {
  return {
    id: r.id,
    kind: r.kind,
    unit: r.unit,
    unitName: r.unitName,
    person: r.person,
    activityId: r.activityId,
    activityTitle: r.activityTitle,
    citation: r.citation,
    status: r.status,
    nominatedBy: r.nominatedBy,
    decision: r.decidedAt ? { by: r.decidedBy, at: iso(r.decidedAt), note: r.decisionNote } : null,
    source: r.sourceCampaignId
      ? { campaignId: r.sourceCampaignId, nominationId: r.sourceNominationId, title: r.sourceTitle, leadAgency: r.sourceLead, docNumber: r.sourceDocNumber }
      : null,
    createdAt: iso(r.createdAt),
  };
}
export type NominationView = ReturnType<typeof view>;

/**
 * Commendation (表扬 / 推荐): after the summary deadline the lead's secretariat nominates units,
 * individuals and campaign events, decides, and publishes the list (through the campaign workflow); a
 * relay recommends its best upward into its parent's pool.
 */
@Injectable()
export class CommendationsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly updates: CampaignUpdates,
    private readonly access: CampaignAccess,
    private readonly dispatcher: DispatcherWaker,
  ) {}

  async nominate(who: Principal, id: string, dto: NominateDto): Promise<NominationView> {
    await this.access.asLead(who, id, 'nominate for commendation');
    const shape = checkNominationShape(dto);
    if (shape.length) throw ApiError.validation(shape);
    return this.ds.transaction(async (m) => {
      const c = await this.lockOpen(m, id, 'nominate');
      const problems: FieldProblem[] = [];
      let unit = dto.unit ?? null;
      if (dto.kind === 'activity') {
        const organizer = await campaignEventOrganizerInTree(m, c.id, dto.activityId!);
        if (!organizer) problems.push({ field: 'activityId', message: `no activity ${dto.activityId} in this campaign or a relay under it` });
        else if (unit && unit !== organizer) problems.push({ field: 'unit', message: `activity ${dto.activityId} is organized by ${organizer}, not ${unit}` });
        else unit = organizer;
      } else if (unit) {
        problems.push(...(await this.checkUnit(m, c.id, unit)));
      }
      if (problems.length) throw ApiError.validation(problems);
      const nid = randomUUID();
      await insertNomination(m, {
        id: nid,
        campaignId: c.id,
        kind: dto.kind,
        unit,
        person: dto.kind === 'individual' ? dto.person!.trim() : null,
        activityId: dto.kind === 'activity' ? dto.activityId! : null,
        citation: dto.citation,
        nominatedBy: who.sub,
        createdAt: new Date(),
      });
      return this.one(m, nid);
    });
  }

  /** The pool (organizer side): own nominations and those recommended up by relays. */
  async pool(who: Principal, id: string, status?: NominationStatus) {
    const c = await this.access.visible(who, id);
    if (!(await this.access.isOrganizerSide(who, c))) throw ApiError.forbidden(`${who.agency} may not see the nomination pool of this campaign`);
    const items = (await nominationViews(this.ds, { campaignId: id, status })).map(view);
    return { publishedAt: iso(c.commendationsPublishedAt), items };
  }

  async decide(who: Principal, id: string, nid: string, dto: NominationDecisionDto): Promise<NominationView> {
    await this.access.asLead(who, id, 'decide on nominations');
    if (!isUuid(nid)) throw ApiError.notFound(`nomination ${nid}`);
    return this.ds.transaction(async (m) => {
      const c = await this.lockOpen(m, id, 'decide');
      const decided = await decideNomination(m, c.id, nid, {
        status: dto.decision === 'commend' ? 'commended' : 'declined',
        by: who.sub,
        at: new Date(),
        note: dto.note ?? null,
      });
      if (!decided) throw ApiError.notFound(`nomination ${nid} of this campaign`);
      return this.one(m, nid);
    });
  }

  /** Publishes the list: the workflow records it, projects the date and tells every recipient. */
  async publish(who: Principal, id: string) {
    const c = await this.access.asLead(who, id, 'publish the commendation list');
    assertOpen(c, 'publish');
    const n = await countCommended(this.ds, id);
    if (!n) throw new ApiError(HttpStatus.CONFLICT, ApiErrorCode.NOTHING_COMMENDED, 'nothing is commended yet: decide on the nominations first');
    let publishedAt: string;
    try {
      ({ publishedAt } = await this.updates.send(c.workflowId, publishCommendationsUpdate, { commended: n, by: who.sub }));
    } catch (err) {
      // Refusals of the workflow's validator: WRONG_PHASE, ALREADY_PUBLISHED (409s); a closed year is a 409 too.
      throw toApiError(err);
    }
    return { publishedAt, commended: (await nominationViews(this.ds, { campaignId: id, status: 'commended' })).map(view) };
  }

  /** The published list (any party); empty until it is published. */
  async published(who: Principal, id: string) {
    const c = await this.access.visible(who, id);
    if (!c.commendationsPublishedAt) return { publishedAt: null, items: [] };
    return {
      publishedAt: iso(c.commendationsPublishedAt),
      items: (await nominationViews(this.ds, { campaignId: id, status: 'commended' })).map(view),
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

    const result = await this.ds.transaction(async (m) => {
      const parent = await this.lockOpen(m, child.parentId!, 'recommend');
      const originals = await nominationsOf(m, child.id, wanted);
      const byId = new Map(originals.map((o) => [o.id, o]));
      const problems: FieldProblem[] = [];
      wanted.forEach((nid, i) => {
        const o = byId.get(nid);
        if (!o) problems.push({ field: `nominationIds.${i}`, message: `no nomination ${nid} in this campaign` });
        else if (o.status !== 'commended') problems.push({ field: `nominationIds.${i}`, message: `${nid} is ${o.status}, not commended: only commended ones are recommended` });
      });
      if (problems.length) throw ApiError.validation(problems);

      const created = await recommendNominations(m, {
        from: { id: child.id, leadAgency: child.leadAgency, docNumber: child.docNumber, title: child.title },
        to: { id: parent.id, leadAgency: parent.leadAgency },
        nominationIds: wanted,
        newIds: wanted.map(() => randomUUID()),
        by: who.sub,
        at: new Date(),
      });
      const recommended = (await nominationViews(m, { campaignId: parent.id, sourceNominationIds: wanted })).map(view);
      const order = new Map(wanted.map((nid, i) => [nid, i]));
      recommended.sort((a, b) => order.get(a.source!.nominationId!)! - order.get(b.source!.nominationId!)!);
      return { created: created.length, body: { recommended } };
    });
    // The parent's lead was told (the outbox): on its way.
    if (result.created) await this.dispatcher.wake();
    return result;
  }

  /**
   * The campaign row, share-locked for the transaction (the workflow's projection of a
   * publication waits for it), checked to be open to the act (for `recommend`, the parent's pool).
   */
  private async lockOpen(m: EntityManager, id: string, act: CommendationAct): Promise<CampaignCommendationState> {
    const c = await lockCampaignForShare(m, id);
    if (!c) throw ApiError.notFound(`campaign ${id}`);
    assertOpen(c, act);
    return c;
  }

  /** A nominated unit must be a known body taking part in this campaign or a relay under it. */
  private async checkUnit(m: EntityManager, campaignId: string, unit: string): Promise<FieldProblem[]> {
    const standing = await unitStanding(m, campaignId, unit);
    if (!standing.known) return [{ field: 'unit', message: `unknown agency code ${unit}` }];
    if (!standing.party) return [{ field: 'unit', message: `${unit} is neither an issuer nor a recipient of this campaign or of a relay under it` }];
    return [];
  }

  /** One nomination as the API shows it. */
  private async one(m: EntityManager, id: string): Promise<NominationView> {
    const [found] = await nominationViews(m, { id });
    return view(found);
  }
}

/** 409 when the campaign's commendation list cannot change by this act (libs/domain/src/report.ts says when). */
function assertOpen(c: CommendationState, act: CommendationAct): void {
  const refusal = commendationRefusal(c, act);
  if (refusal) throw ApiError.conflict(ApiErrorCode[refusal.code], refusal.message);
}
