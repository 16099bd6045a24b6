import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { agencyExists } from '@db/agencies/agency.queries';
import type { CampaignEntity } from '@db/campaigns/campaign.entity';
import type { ActionRow } from '@db/internal-steps/internal-step.queries';
import {
  actionRecord,
  appendAction,
  findRun,
  internalStepsOf,
  lockItem,
  removeAction,
  replaceInternalSteps,
  runActions,
  startRun,
} from '@db/internal-steps/internal-step.queries';
import type { UserRow } from '@db/users/user.queries';
import { findUserByLogin, listUsers } from '@db/users/user.queries';
import { atomically } from '@db/sql';
import { isPlatformAdmin, Principal } from '@domain/auth';
import type { InternalProgress, InternalStep } from '@domain/internal-steps';
import { allowedActions, canonicalSteps, checkStepAction, progressOf, stepsProblems } from '@domain/internal-steps';
import { AGENCY_CODE } from '@domain/definition';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CampaignAccess } from '../campaigns/campaign-access';
import { CommandsService } from '../campaigns/commands.service';
import type { InternalStepsDto, StepActionDto } from './dto/internal-steps.dto';

/**
 * Internal sign-off (内部审签) inside a co-signing agency: the steps it configures, and its items
 * taken through them. This lives before the agency's decision reaches the workflow: the last
 * step's approve (or 不同意) is sent as the decision POST …/co-sign/decisions sends, bound to the
 * text the steps were taken on. The lead sees only where an item stands (campaign view), never the
 * comments.
 */
@Injectable()
export class InternalStepsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: CampaignAccess,
    private readonly commands: CommandsService,
  ) {}

  // ───────────────────────────────────────────── the agency's configuration

  async config(who: Principal, code: string) {
    await this.existing(code);
    if (!isPlatformAdmin(who) && who.agency !== code) throw ApiError.forbidden(`${who.agency} cannot read the internal steps of ${code}`);
    return this.configView(code);
  }

  async replace(who: Principal, code: string, dto: InternalStepsDto) {
    await this.existing(code);
    if (!isPlatformAdmin(who)) {
      if (who.agency !== code) throw ApiError.forbidden(`${who.agency} cannot change the internal steps of ${code}`);
      if (!who.roles.some((r) => r === 'secretariat' || r === 'admin')) throw ApiError.forbidden(`only the secretariat or admin of ${code} keeps its internal steps`);
    }
    const active = new Set((await listUsers(this.ds, code)).filter((u) => u.active).map((u) => u.login));
    const problems = stepsProblems(dto.steps, active, code);
    if (problems.length) throw ApiError.validation(problems);
    await replaceInternalSteps(this.ds, code, canonicalSteps(dto.steps), who.sub);
    return this.configView(code);
  }

  private async configView(code: string) {
    const [config, users] = await Promise.all([internalStepsOf(this.ds, code), listUsers(this.ds, code)]);
    const person = personOf(users);
    return {
      agency: code,
      steps: config.steps.map((s) => ({ name: s.name, mode: s.mode, people: s.people.map(person) })),
      updatedBy: config.updatedBy,
      updatedAt: config.updatedAt ? new Date(config.updatedAt).toISOString() : null,
    };
  }

  private async existing(code: string): Promise<void> {
    if (!AGENCY_CODE.test(code) || !(await agencyExists(this.ds, code))) throw ApiError.notFound(`agency ${code}`);
  }

  // ───────────────────────────────────────────── an item of a campaign

  /** GET …/co-sign/internal: the agency's own view of its item on the current version. */
  async view(who: Principal, id: string) {
    const c = await this.access.find(id);
    return this.itemView(who, c);
  }

  /** POST …/co-sign/internal/steps: the caller takes the step the item is at. */
  async act(who: Principal, id: string, dto: StepActionDto) {
    const c = await this.access.find(id);
    const signer = this.signerOf(who, c);
    if (dto.noticeSha256 && dto.noticeSha256 !== c.noticeSha256) {
      throw ApiError.conflict(
        ApiErrorCode.STALE_NOTICE,
        `noticeSha256 does not match the current text (version ${c.noticeVersion}, sha256 ${c.noticeSha256}): the internal steps start again on it`,
        'noticeSha256',
      );
    }
    if (c.phase !== 'co-signing') throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, `co-signing is over: the notice is ${c.phase}`);
    if (signer.status !== 'pending') throw ApiError.conflict(ApiErrorCode.WRONG_STEP, `${who.agency} has ${signer.status} version ${c.noticeVersion} already`);
    const login = who.sub.toLowerCase();
    const users = await listUsers(this.ds, who.agency);
    if (dto.action === 'transfer' && dto.to) {
      const to = await findUserByLogin(this.ds, dto.to);
      if (!to || !to.active) throw ApiError.validation([{ field: 'to', message: `${dto.to} is not an active account` }]);
      if (to.agency !== who.agency) throw ApiError.forbidden(`to: ${to.login} is of ${to.agency}; an item of ${who.agency} is transferred only within ${who.agency}`);
    }
    const colleagues = new Set(users.filter((u) => u.active).map((u) => u.login));

    const taken = await atomically(this.ds, async (m) => {
      await lockItem(m, c.id, who.agency);
      let run = await findRun(m, c.id, who.agency, c.noticeVersion);
      if (!run) {
        const config = await internalStepsOf(m, who.agency);
        if (!config.steps.length) {
          throw ApiError.conflict(ApiErrorCode.WRONG_STEP, `${who.agency} has no internal steps: its signer decides at POST /api/v1/campaigns/${c.id}/co-sign/decisions`);
        }
        run = await startRun(m, c.id, who.agency, c.noticeVersion, c.noticeSha256, config.steps);
      }
      const actions = (await runActions(m, run.id)).map(actionRecord);
      const before = progressOf(run.steps, actions);
      const refusal = checkStepAction(run.steps, before, { login, action: dto.action, comment: dto.comment, to: dto.to }, colleagues);
      if (refusal?.kind === 'forbidden') throw ApiError.forbidden(refusal.message);
      if (refusal?.kind === 'conflict') throw ApiError.conflict(ApiErrorCode.WRONG_STEP, refusal.message);
      if (refusal?.kind === 'invalid') throw ApiError.validation([{ field: refusal.field, message: refusal.message }]);
      const record = {
        step: before.step,
        stepName: run.steps[before.step].name,
        actor: login,
        action: dto.action,
        comment: dto.comment?.trim() || null,
        toLogin: dto.action === 'transfer' ? dto.to!.toLowerCase() : null,
      };
      const seq = await appendAction(m, run.id, record);
      const after = progressOf(run.steps, [...actions, { ...record, to: record.toLogin, at: new Date().toISOString() }]);
      return { run, seq, decision: after.decision };
    });

    if (taken.decision) {
      // The last step gave the agency's decision: sent to the workflow exactly as a signer's is,
      // bound to the text the steps were taken on. Refused (a revision meanwhile, the phase): the
      // action is taken back, and the refusal answered.
      try {
        await this.commands.sendDecision(c, {
          agency: who.agency,
          decision: taken.decision.decision,
          noticeSha256: taken.run.noticeSha256,
          comment: taken.decision.comment,
          by: login,
        });
      } catch (err) {
        await removeAction(this.ds, taken.run.id, taken.seq);
        throw err;
      }
    }
    return this.itemView(who, await this.access.find(id));
  }

  private signerOf(who: Principal, c: CampaignEntity) {
    const signer = c.coSign.signers.find((s) => s.agency === who.agency);
    if (!signer) throw ApiError.forbidden(`${who.agency} is not a co-signer of this notice`);
    return signer;
  }

  private async itemView(who: Principal, c: CampaignEntity) {
    const signer = this.signerOf(who, c);
    const login = who.sub.toLowerCase();
    const [run, config, users] = await Promise.all([
      findRun(this.ds, c.id, who.agency, c.noticeVersion),
      internalStepsOf(this.ds, who.agency),
      listUsers(this.ds, who.agency),
    ]);
    const steps: InternalStep[] = run?.steps ?? config.steps;
    const actions: ActionRow[] = run ? await runActions(this.ds, run.id) : [];
    const progress = progressOf(steps, actions.map(actionRecord));
    const open = c.phase === 'co-signing' && signer.status === 'pending' && steps.length > 0;
    const person = personOf(users);
    return {
      campaignId: c.id,
      agency: who.agency,
      notice: { version: c.noticeVersion, sha256: c.noticeSha256 },
      /** false: the agency has no internal steps; its signer decides directly. */
      hasSteps: steps.length > 0,
      startedAt: run ? new Date(run.startedAt).toISOString() : null,
      steps: steps.map((s, i) => ({
        name: s.name,
        mode: s.mode,
        people: s.people.map(person),
        state: stateOf(i, progress),
      })),
      current: open && !progress.decision ? { index: progress.step, name: steps[progress.step].name, since: progress.since, holders: progress.holders.map(person), approvedBy: progress.approvedBy.map(person) } : null,
      decision: progress.decision,
      /** The agency's decision as the campaign records it. */
      signer: { status: signer.status, noticeSha256: signer.noticeSha256, decidedAt: signer.decidedAt, askedAt: signer.askedAt },
      history: actions.map((a) => ({
        seq: a.seq,
        step: a.step,
        stepName: a.stepName,
        by: person(a.actor),
        action: a.action,
        comment: a.comment,
        to: a.toLogin ? person(a.toLogin) : null,
        at: new Date(a.at).toISOString(),
      })),
      /** What the caller may do now. */
      actions: open ? allowedActions(steps, progress, login) : [],
      /** Whom the caller may transfer to (转办): the agency's other active accounts. */
      colleagues: users.filter((u) => u.active && u.login !== login).map((u) => ({ login: u.login, name: u.name })),
    };
  }
}

function stateOf(i: number, p: InternalProgress): 'done' | 'current' | 'waiting' {
  return i < p.step ? 'done' : i === p.step ? 'current' : 'waiting';
}

/** A login with its person's name (null: no such account any more). */
function personOf(users: UserRow[]) {
  const byLogin = new Map(users.map((u) => [u.login, u]));
  return (login: string) => ({ login, name: byLogin.get(login)?.name ?? null });
}
