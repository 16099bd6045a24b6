import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UpdateDefinition } from '@temporalio/client';
import { DataSource } from 'typeorm';
import type { CampaignEntity } from '@db/campaigns/campaign.entity';
import { relaysOf } from '@db/campaigns/campaign.queries';
import { saveNoticeText } from '@db/campaigns/notice.queries';
import type { Principal } from '@domain/auth';
import { deadlineWarnings } from '@domain/calendar';
import { noticeSha256 } from '@domain/hashing';
import { shiftIso } from '@domain/rebase';
import { checkMilestoneMove, mergeMilestones, sameMilestones } from '@domain/year';
import { moveMilestonesUpdate, reviseUpdate, signOffUpdate, withdrawUpdate } from '@temporal/messages';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CampaignAccess } from './campaign-access';
import { type Announced, CampaignUpdates } from './campaign-updates';
import type { DecisionDto, RevisionDto, SignOffDto, WithdrawDto } from './dto/co-sign.dto';
import type { MoveMilestonesDto } from './dto/milestones.dto';
import { toApiError } from './temporal-errors';

/**
 * What people ask of a running campaign, sent to its workflow as Updates: co-signing decisions,
 * revisions, sign-off, withdrawal, milestone moves. The API checks who may ask and answers a
 * repeat as before; the workflow decides, and what it refuses maps onto HTTP in one place
 * (temporal-errors.ts).
 */
@Injectable()
export class CommandsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly updates: CampaignUpdates,
    private readonly access: CampaignAccess,
  ) {}

  /** PATCH /campaigns/:id/milestones: the lead moves milestones of a running campaign. */
  async moveMilestones(who: Principal, id: string, dto: MoveMilestonesDto) {
    const c = await this.access.asLead(who, id, 'move milestones');
    if (!c.docNumber || !c.milestones) {
      throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, 'the notice is not issued yet: before issuance, milestones change with a revision of the notice');
    }
    if (c.phase === 'closed' || c.phase === 'withdrawn') throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, `the campaign is ${c.phase}`);
    const next = mergeMilestones(c.milestones, dto);
    // A move to where the milestones already are records nothing and tells nobody (README).
    if (sameMilestones(c.milestones, next)) return { milestones: c.milestones, phase: c.phase, warnings: [], unchanged: true };
    const parent = c.parentId ? (await this.access.find(c.parentId)).milestones : null;
    const children = (await relaysOf(this.ds, c.id))
      .filter((k) => k.phase !== 'withdrawn' && k.milestones)
      .map((k) => ({ id: k.id, title: k.title, milestones: k.milestones! }));
    const problems = checkMilestoneMove(c.milestones, next, Date.now(), parent, children);
    if (problems.length) throw ApiError.validation(problems);
    const moved = await this.update(c, moveMilestonesUpdate, { milestones: next, parent, children, by: who.sub });
    // A deadline moved onto a holiday is flagged, as at launch (on the calendar of the rehearsed year).
    const warnings =
      next.summaryDueAt !== c.milestones.summaryDueAt
        ? deadlineWarnings([{ field: 'milestones.summaryDueAt', at: shiftIso(next.summaryDueAt, -c.calendarShiftDays) }])
        : [];
    // Relays inherited the week; they keep their own timeline (their notices print it) and were told.
    const weekMoved =
      next.concentratedWeek.startsAt !== c.milestones.concentratedWeek.startsAt || next.concentratedWeek.endsAt !== c.milestones.concentratedWeek.endsAt;
    const apart = children.filter(
      (k) => k.milestones.concentratedWeek.startsAt !== next.concentratedWeek.startsAt || k.milestones.concentratedWeek.endsAt !== next.concentratedWeek.endsAt,
    );
    if (weekMoved && apart.length) {
      warnings.push({
        field: 'milestones.concentratedWeek',
        message: `the relays ${apart.map((k) => `${k.title} (${k.id})`).join(', ')} keep the week they were issued with; their leads were told of the move`,
      });
    }
    return { ...moved, warnings, unchanged: false };
  }

  async decide(who: Principal, id: string, dto: DecisionDto) {
    if (dto.agency && dto.agency !== who.agency) {
      throw ApiError.forbidden(`agency: a signer of ${who.agency} cannot decide for ${dto.agency}`);
    }
    // Announced before its checks: a decision to the same campaign ready meanwhile waits to go with it.
    const announced = this.updates.expectDecision(id);
    try {
      return await this.checkedDecision(who, id, dto, announced);
    } finally {
      announced.done();
    }
  }

  private async checkedDecision(who: Principal, id: string, dto: DecisionDto, announced: Announced) {
    // One read for both (a decision is the hot path: issue 12's bench), judged in the order below.
    const { campaign: c, withSteps } = await this.access.findForDecision(id, who.agency);
    const signer = c.coSign.signers.find((s) => s.agency === who.agency);
    if (!signer) throw ApiError.forbidden(`${who.agency} is not a co-signer of this notice`);
    if (dto.decision === 'reject' && !dto.comment?.trim()) {
      throw ApiError.validation([{ field: 'comment', message: 'a rejection must give a reason' }]);
    }
    // The same decision on the same text again: answer as before, touch nothing.
    const status = dto.decision === 'approve' ? 'approved' : 'rejected';
    if (signer.status === status && signer.noticeSha256 === dto.noticeSha256 && c.noticeSha256 === dto.noticeSha256) {
      return { agency: signer.agency, status, noticeSha256: signer.noticeSha256, decidedAt: signer.decidedAt, repeated: true };
    }
    // An agency with internal steps (内部审签) decides through them: its last step gives the decision.
    if (withSteps) {
      throw ApiError.conflict(
        ApiErrorCode.INTERNAL_STEPS_REQUIRED,
        `${who.agency} decides through its internal steps (内部审签): take them at POST /api/v1/campaigns/${id}/co-sign/internal/steps; the last step gives the agency's decision`,
      );
    }
    return this.sendDecision(c, { agency: who.agency, decision: dto.decision, noticeSha256: dto.noticeSha256, comment: dto.comment ?? null, by: who.sub }, announced);
  }

  /**
   * An agency's decision, sent to the workflow as POST …/co-sign/decisions sends it: by a signer,
   * or by the last of the agency's internal steps (apps/api/src/internal-steps).
   */
  sendDecision(c: CampaignEntity, d: { agency: string; decision: 'approve' | 'reject'; noticeSha256: string; comment: string | null; by: string }, announced?: Announced) {
    return this.updates.decide(c.workflowId, d, announced).catch((err: unknown) => {
      throw toApiError(err);
    });
  }

  async revise(who: Principal, id: string, dto: RevisionDto) {
    const c = await this.access.asLead(who, id, 'revise');
    const sha256 = noticeSha256(dto.body);
    await saveNoticeText(this.ds, sha256, dto.body);
    return this.update(c, reviseUpdate, { sha256, note: dto.note ?? null, by: who.sub });
  }

  async signOff(who: Principal, id: string, dto: SignOffDto) {
    const c = await this.access.asLead(who, id, 'sign off');
    if (c.docNumber && c.coSign.signOff?.noticeSha256 === dto.noticeSha256) {
      return { docNumber: c.docNumber, issuedAt: new Date(c.issuedAt!).toISOString() };
    }
    return this.update(c, signOffUpdate, { noticeSha256: dto.noticeSha256, by: who.sub });
  }

  async withdraw(who: Principal, id: string, dto: WithdrawDto) {
    const c = await this.access.asLead(who, id, 'withdraw');
    return this.update(c, withdrawUpdate, { reason: dto.reason, by: who.sub });
  }

  /** Sends one Update to the campaign's workflow; what the workflow refuses comes back as an ApiError. */
  private async update<Ret, Arg>(c: CampaignEntity, def: { name: string } & UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
    try {
      return await this.updates.send(c.workflowId, def, arg);
    } catch (err) {
      throw toApiError(err);
    }
  }
}
