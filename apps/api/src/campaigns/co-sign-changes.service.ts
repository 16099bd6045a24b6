import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { UpdateDefinition } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DataSource } from 'typeorm';
import { agencyExists } from '@db/agencies/agency.queries';
import type { CampaignEntity } from '@db/campaigns/campaign.entity';
import type { Principal } from '@domain/auth';
import { deadlineWarnings } from '@domain/calendar';
import type { CoSignErrorCode } from '@domain/co-sign';
import { shiftIso } from '@domain/rebase';
import { addSignerUpdate, moveCoSignDeadlineUpdate, removeSignerUpdate, urgeUpdate } from '@temporal/messages';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CampaignAccess } from './campaign-access';
import { CampaignUpdates } from './campaign-updates';
import type { AddSignerDto, MoveCoSignDeadlineDto, RemoveSignerDto, UrgeDto } from './dto/co-sign-changes.dto';
import { toApiError } from './temporal-errors';

/** A second urge of a co-signer in the same working day: 429, and when the next is possible (Retry-After). */
export class UrgedToday extends ApiError {
  constructor(
    message: string,
    readonly nextAt: string,
    readonly retryAfterSeconds: number,
  ) {
    super(HttpStatus.TOO_MANY_REQUESTS, ApiErrorCode.URGED_TODAY, message, [{ field: 'agency', message }]);
  }
}

type Action = 'add' | 'remove' | 'deadline' | 'urge';

/** How each rule of the changes in flight answers over HTTP: status, code and the field it is about. */
const ANSWER: Partial<Record<CoSignErrorCode, [HttpStatus, ApiErrorCode, string]>> = {
  ALREADY_A_CO_SIGNER: [HttpStatus.CONFLICT, ApiErrorCode.ALREADY_A_CO_SIGNER, 'agency'],
  LEAD_IS_NOT_A_CO_SIGNER: [HttpStatus.BAD_REQUEST, ApiErrorCode.VALIDATION_FAILED, 'agency'],
  INVALID_ORDER: [HttpStatus.BAD_REQUEST, ApiErrorCode.VALIDATION_FAILED, 'order'],
  LAST_CO_SIGNER: [HttpStatus.CONFLICT, ApiErrorCode.LAST_CO_SIGNER, 'agency'],
  INVALID_DEADLINE: [HttpStatus.BAD_REQUEST, ApiErrorCode.VALIDATION_FAILED, 'dueAt'],
  ALREADY_DECIDED: [HttpStatus.CONFLICT, ApiErrorCode.ALREADY_DECIDED, 'agency'],
  NOT_ASKED_YET: [HttpStatus.CONFLICT, ApiErrorCode.NOT_YOUR_TURN, 'agency'],
  NOBODY_TO_URGE: [HttpStatus.CONFLICT, ApiErrorCode.ALREADY_DECIDED, 'agency'],
  REASON_REQUIRED: [HttpStatus.BAD_REQUEST, ApiErrorCode.VALIDATION_FAILED, 'reason'],
};

/** The rule's message without the field it names first (`agency: …`): the field says that. */
const bare = (message: string, field: string) => message.replace(new RegExp(`^${field}: `), '');

/**
 * What the lead's secretariat changes while co-signing is on, before sign-off (issue 12): adds a
 * co-signer (加签), removes one (减签), moves the deadline, urges (手动催办). Each is an Update of
 * the campaign's workflow, which applies it through its ledger; the API checks who asks and what
 * only it can know (the directory, the wall clock, the campaign's timeline).
 */
@Injectable()
export class CoSignChangesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly updates: CampaignUpdates,
    private readonly access: CampaignAccess,
  ) {}

  async addSigner(who: Principal, id: string, dto: AddSignerDto) {
    const c = await this.open(who, id, 'add a co-signer');
    if (dto.agency === c.leadAgency) throw ApiError.validation([{ field: 'agency', message: `${dto.agency} leads this notice; the lead does not co-sign its own notice` }]);
    if (!(await agencyExists(this.ds, dto.agency))) throw ApiError.validation([{ field: 'agency', message: `no agency ${dto.agency} in the directory` }]);
    return this.update(c, 'add', addSignerUpdate, { agency: dto.agency, order: dto.order ?? null, by: who.sub });
  }

  async removeSigner(who: Principal, id: string, agency: string, dto: RemoveSignerDto) {
    const c = await this.open(who, id, 'remove a co-signer');
    if (agency === c.leadAgency) throw ApiError.validation([{ field: 'agency', message: `${agency} leads this notice and is not a co-signer; it cannot be removed` }]);
    if (!c.coSign.signers.some((s) => s.agency === agency)) {
      throw new ApiError(HttpStatus.NOT_FOUND, ApiErrorCode.NOT_FOUND, `${agency} is not a co-signer of this notice`, [{ field: 'agency', message: `${agency} is not a co-signer of this notice` }]);
    }
    if (!dto.reason.trim()) throw ApiError.validation([{ field: 'reason', message: 'reason should not be empty' }]);
    return this.update(c, 'remove', removeSignerUpdate, { agency, reason: dto.reason.trim(), by: who.sub });
  }

  async moveDeadline(who: Principal, id: string, dto: MoveCoSignDeadlineDto) {
    const c = await this.open(who, id, 'move the co-signing deadline');
    const dueAt = Date.parse(dto.dueAt);
    if (dueAt <= Date.now()) throw ApiError.validation([{ field: 'dueAt', message: 'must be in the future' }]);
    // Where it already is: nothing is recorded and nobody is told.
    if (dueAt === Date.parse(c.coSign.dueAt)) return { dueAt: c.coSign.dueAt, from: c.coSign.dueAt, told: [], warnings: [], unchanged: true };
    const closesAt = c.milestones?.closesAt;
    if (closesAt && dueAt >= Date.parse(closesAt)) throw ApiError.validation([{ field: 'dueAt', message: `must be before milestones.closesAt (${closesAt})` }]);
    const moved = await this.update(c, 'deadline', moveCoSignDeadlineUpdate, { dueAt: dto.dueAt, by: who.sub });
    // On a holiday? Judged, as at launch, on the calendar of the year a rehearsal was written for.
    const warnings = deadlineWarnings([{ field: 'dueAt', at: shiftIso(dto.dueAt, -c.calendarShiftDays) }]);
    return { ...moved, warnings, unchanged: false };
  }

  async urge(who: Principal, id: string, dto: UrgeDto) {
    const c = await this.open(who, id, 'urge co-signers');
    if (dto.agency !== undefined) {
      if (dto.agency === c.leadAgency) throw ApiError.validation([{ field: 'agency', message: `${dto.agency} leads this notice; only co-signers are urged` }]);
      if (!c.coSign.signers.some((s) => s.agency === dto.agency)) throw ApiError.validation([{ field: 'agency', message: `${dto.agency} is not a co-signer of this notice` }]);
    }
    return this.update(c, 'urge', urgeUpdate, { agency: dto.agency ?? null, message: dto.message?.trim() || null, by: who.sub });
  }

  /** The lead's own campaign, before sign-off: afterwards nothing of co-signing changes (409). */
  private async open(who: Principal, id: string, action: string): Promise<CampaignEntity> {
    const c = await this.access.asLead(who, id, action);
    if (c.coSign.signOff || c.docNumber || (c.phase !== 'co-signing' && c.phase !== 'awaiting-sign-off')) {
      throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, `the notice is ${c.coSign.signOff && c.phase !== 'withdrawn' ? 'signed off' : c.phase}; its co-signing can no longer change`);
    }
    return c;
  }

  private async update<Ret, Arg>(c: CampaignEntity, action: Action, def: { name: string } & UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
    try {
      return await this.updates.send(c.workflowId, def, arg);
    } catch (err) {
      throw refusal(err, action);
    }
  }
}

/** What the workflow refused, as HTTP: the rules of this file first, then those of every Update. */
function refusal(err: unknown, action: Action): unknown {
  if (!(err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure)) return toApiError(err);
  const { type, message } = err.cause;
  // A run on workflows/v1/ (started before issue 7) has no such Update.
  if (/no registered handler/i.test(message)) {
    return ApiError.conflict(ApiErrorCode.WRONG_PHASE, 'this campaign was launched before co-signing could change in flight; withdraw and relaunch it to change its co-signing');
  }
  if (type === 'URGED_TODAY') {
    const d = (err.cause.details?.[0] ?? {}) as { nextAt?: string; retryAfterSeconds?: number };
    return new UrgedToday(bare(message, 'agency'), d.nextAt ?? '', d.retryAfterSeconds ?? 1);
  }
  if (type === 'NOT_A_CO_SIGNER') {
    const field = [{ field: 'agency', message: bare(message, 'agency') }];
    return action === 'remove' ? new ApiError(HttpStatus.NOT_FOUND, ApiErrorCode.NOT_FOUND, message, field) : new ApiError(HttpStatus.BAD_REQUEST, ApiErrorCode.VALIDATION_FAILED, message, field);
  }
  const answer = ANSWER[type as CoSignErrorCode];
  if (answer) {
    const [status, code, field] = answer;
    return new ApiError(status, code, message, [{ field, message: bare(message, field) }]);
  }
  return toApiError(err);
}
