import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@config/config';
import { auditEntries } from '@db/audit/audit.queries';
import type { CampaignEntity } from '@db/campaigns/campaign.entity';
import { campaignsOf, relaysOf } from '@db/campaigns/campaign.queries';
import { deleteLaunchedCampaign, insertLaunchedCampaign } from '@db/campaigns/launch';
import { findNoticeText, noticeVersions, saveNoticeText } from '@db/campaigns/notice.queries';
import { listNotifications } from '@db/notifications/outbox';
import { verifyChain } from '@domain/audit-chain';
import { isPlatformAdmin, Principal } from '@domain/auth';
import { CoSignSetup, initialState } from '@domain/co-sign';
import { deadlineWarnings } from '@domain/calendar';
import { checkDefinitionRules } from '@domain/definition-rules';
import type { FieldProblem } from '@domain/field-problem';
import { CampaignDefinitionDto, LaunchCampaignDto, RelayCampaignDto } from '@contract/definition.dto';
import { checkMilestoneMove, checkWithinParent, DEFAULT_YEAR_URGING, mergeMilestones, Milestones, sameMilestones } from '@domain/year';
import { noticeSha256 } from '@domain/hashing';
import { rebaseDefinition, shiftDefinitionBy, shiftIso } from '@domain/rebase';
import {
  campaignWorkflowId,
  CampaignWorkflowInput,
  decideUpdate,
  moveMilestonesUpdate,
  reviseUpdate,
  signOffUpdate,
  withdrawUpdate,
} from '@temporal/messages';
import { TEMPORAL_CLIENT } from '@temporal/temporal-client.module';
import type { campaignWorkflow } from '@workflows';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CampaignAccess } from './campaign-access';
import { campaignView } from './campaign.view';
import { checkPrefix, claimPrefix } from '../doc-numbers/prefixes';
import { DirectoryCache, resolveDistribution } from './distribution';
import { MoveMilestonesDto } from './dto/milestones.dto';
import { NotificationQueryDto, REMINDER_KINDS } from './dto/notifications.dto';
import { DecisionDto, RevisionDto, SignOffDto, WithdrawDto } from './dto/co-sign.dto';
import { toApiError } from './temporal-errors';

@Injectable()
export class CampaignsService {
  private readonly logger = new Logger(CampaignsService.name);
  private readonly directory = new DirectoryCache();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly access: CampaignAccess,
  ) {}

  /** POST /campaigns: validate, persist the definition, text and recipients, start the workflow. */
  async launch(who: Principal, dto: LaunchCampaignDto) {
    if (who.agency !== dto.leadAgency) {
      throw ApiError.forbidden(`leadAgency: ${who.agency} cannot launch a notice led by ${dto.leadAgency}`);
    }
    const { rebaseTo, ...given } = dto;
    const rebased = rebaseTo ? rebaseDefinition(given, rebaseTo) : { definition: given, shiftDays: 0 };
    return this.launchDefinition(who, rebased.definition, { original: given, shiftDays: rebased.shiftDays, rebasedFrom: rebaseTo ?? null, parent: null });
  }

  /**
   * POST /campaigns/:id/relays (转发): a 主送 recipient's secretariat launches its own joint notice
   * under the parent. Theme, year, window and week are the parent's; its deadlines fall inside.
   */
  async relay(who: Principal, parentId: string, dto: RelayCampaignDto) {
    if (who.agency !== dto.leadAgency) {
      throw ApiError.forbidden(`leadAgency: ${who.agency} cannot launch a notice led by ${dto.leadAgency}`);
    }
    const parent = await this.access.find(parentId);
    const own = await this.access.recipient(parentId, who.agency);
    if (!own || own.role !== 'main') throw ApiError.forbidden(`${who.agency} is not a 主送 recipient of this notice; only they relay it`);
    if (!parent.docNumber || !parent.milestones) throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, 'the parent notice has not been issued yet; it can be relayed once it is');
    if (parent.phase === 'closed') throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, 'the parent campaign is closed');
    if (own.relayCampaignId) {
      const earlier = await this.access.find(own.relayCampaignId);
      if (earlier.phase !== 'withdrawn') {
        throw ApiError.conflict(ApiErrorCode.ALREADY_RELAYED, `${who.agency} already relayed this notice as campaign ${earlier.id}`);
      }
    }
    const { rebaseWithParent, rebaseTo, ...given } = dto;
    if (rebaseWithParent && rebaseTo) {
      throw ApiError.validation([{ field: 'rebaseTo', message: 'give rebaseTo or rebaseWithParent, not both' }]);
    }
    const pm = parent.milestones;
    const parentDef = parent.definition as { theme?: string };
    let shiftDays = 0;
    let def = given as unknown as RelayCampaignDto;
    if (rebaseWithParent) {
      shiftDays = parent.calendarShiftDays;
      def = shiftDefinitionBy(def, shiftDays);
    } else if (rebaseTo) {
      const r = rebaseDefinition(def, rebaseTo);
      def = r.definition;
      shiftDays = r.shiftDays;
    }
    const errors: FieldProblem[] = [];
    if (def.theme && parentDef.theme && def.theme !== parentDef.theme) {
      errors.push({ field: 'theme', message: `a relay carries the parent's theme: ${parentDef.theme}` });
    }
    const week = def.milestones.concentratedWeek;
    if (week && (week.startsAt !== pm.concentratedWeek.startsAt || week.endsAt !== pm.concentratedWeek.endsAt)) {
      const field = week.startsAt !== pm.concentratedWeek.startsAt ? 'startsAt' : 'endsAt';
      errors.push({
        field: `milestones.concentratedWeek.${field}`,
        message: `a relay runs in the parent's concentrated week (${pm.concentratedWeek.startsAt} – ${pm.concentratedWeek.endsAt})`,
      });
    }
    if (def.year !== undefined && !rebaseWithParent && !rebaseTo && def.year !== parent.year) {
      errors.push({ field: 'year', message: `a relay belongs to the parent's year ${parent.year}` });
    }
    const full: CampaignDefinitionDto = {
      ...def,
      year: parent.year,
      theme: def.theme ?? parentDef.theme,
      milestones: {
        publicationOpensAt: def.milestones.publicationOpensAt ?? pm.publicationOpensAt,
        concentratedWeek: pm.concentratedWeek,
        summaryDueAt: def.milestones.summaryDueAt,
        closesAt: def.milestones.closesAt,
      },
    } as CampaignDefinitionDto;
    errors.push(...checkWithinParent(full.milestones, pm));
    if (errors.length) throw ApiError.validation(errors);
    const original = rebaseWithParent || rebaseTo ? shiftDefinitionBy(full, -shiftDays) : full;
    return this.launchDefinition(who, full, { original, shiftDays, rebasedFrom: rebaseTo ?? null, parent });
  }

  private async launchDefinition(
    who: Principal,
    def: CampaignDefinitionDto,
    opts: { original: Pick<CampaignDefinitionDto, 'coSignDueAt' | 'milestones'>; shiftDays: number; rebasedFrom: string | null; parent: CampaignEntity | null },
  ) {
    // The prefix is the lead's own (or nobody's yet, and the launch claims it): doc-numbers/prefixes.ts.
    await checkPrefix(this.ds.manager, def.docNumberPrefix, def.leadAgency);
    const { directory, codes: known } = await this.directory.get(this.ds);
    // A relay inherits a window that may already be open (Henan printed its notice four days in).
    const allowPast = opts.parent ? ['milestones.publicationOpensAt', 'milestones.concentratedWeek.startsAt', 'milestones.concentratedWeek.endsAt'] : [];
    const { errors, warnings } = checkDefinitionRules(def, known, Date.now(), { allowPast });
    const recipients = resolveDistribution(def, directory);
    errors.push(...recipients.errors);
    if (errors.length) throw ApiError.validation(errors);
    // Deadlines on a holiday, judged on the calendar of the year the dates were written for.
    warnings.push(
      ...deadlineWarnings([
        { field: 'coSignDueAt', at: opts.original.coSignDueAt },
        { field: 'milestones.summaryDueAt', at: opts.original.milestones.summaryDueAt },
      ]),
    );
    warnings.push(...recipients.warnings);

    const id = randomUUID();
    const workflowId = campaignWorkflowId(id);
    const sha256 = noticeSha256(def.body);
    const setup: CoSignSetup = {
      campaignId: id,
      leadAgency: def.leadAgency,
      coSigners: def.coSigners,
      mode: def.coSignMode ?? 'parallel',
      dueAt: def.coSignDueAt,
      docNumberPrefix: def.docNumberPrefix,
      year: def.year,
      noticeSha256: sha256,
      urging: def.urging && {
        ...(def.urging.firstAfterHours && { firstAfterMs: def.urging.firstAfterHours * 3600_000 }),
        ...(def.urging.everyHours && { everyMs: def.urging.everyHours * 3600_000 }),
      },
    };
    const initial = initialState(setup, new Date().toISOString());
    const { body, ...definition } = def;
    const milestones: Milestones = def.milestones;

    await this.ds.transaction(async (m) => {
      await claimPrefix(m, def.docNumberPrefix, def.leadAgency, who.sub);
      await insertLaunchedCampaign(m, {
        campaign: {
          id,
          workflowId,
          title: def.title,
          year: def.year,
          leadAgency: def.leadAgency,
          definition: { ...definition, coSignMode: setup.mode, ...(opts.rebasedFrom && { rebasedFrom: opts.rebasedFrom }) },
          warnings,
          noticeSha256: sha256,
          coSign: { mode: initial.mode, dueAt: initial.dueAt, signers: initial.signers, signOff: null, escalatedAt: null },
          launchedBy: who.sub,
          parentId: opts.parent?.id ?? null,
          milestones,
          calendarShiftDays: opts.shiftDays,
        },
        body,
        recipients: recipients.rows,
        relay: opts.parent ? { parentId: opts.parent.id, parentLead: opts.parent.leadAgency, agency: who.agency } : undefined,
      });
    });

    const input: CampaignWorkflowInput = {
      setup,
      launchedBy: who.sub,
      year: { milestones, shiftDays: opts.shiftDays, urging: DEFAULT_YEAR_URGING },
    };
    try {
      await this.temporal.workflow.start<typeof campaignWorkflow>('campaignWorkflow', {
        taskQueue: this.config.temporal.taskQueue,
        workflowId,
        args: [input],
      });
    } catch (err) {
      // Nothing half-launched: without its workflow the campaign row would be a lie.
      await deleteLaunchedCampaign(this.ds, id, opts.parent?.id ?? null);
      this.logger.error(`could not start ${workflowId}: ${(err as Error).message}`);
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, ApiErrorCode.UNAVAILABLE, 'the workflow service is unavailable; nothing was launched');
    }
    return {
      id,
      workflowId,
      parentId: opts.parent?.id ?? null,
      phase: 'co-signing' as const,
      notice: { version: 1, sha256 },
      recipients: { main: recipients.main, cc: recipients.cc, reporting: recipients.reporting, openEnded: recipients.openEnded },
      warnings,
    };
  }

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

  async list(who: Principal) {
    return (await campaignsOf(this.ds, isPlatformAdmin(who) ? null : who.agency)).map(campaignView);
  }

  async get(who: Principal, id: string) {
    return campaignView(await this.access.visible(who, id));
  }

  /** The current text (for co-signers to read and hash) and every earlier version. */
  async notice(who: Principal, id: string) {
    const c = await this.access.visible(who, id);
    const [text, versions] = await Promise.all([findNoticeText(this.ds, c.noticeSha256), noticeVersions(this.ds, id)]);
    // The text is stored before the campaign points at it (launch, revise): never missing.
    if (!text) throw new Error(`notice text ${c.noticeSha256} of campaign ${id} is missing`);
    return {
      version: c.noticeVersion,
      sha256: c.noticeSha256,
      body: text.body,
      versions: versions.map((v) => ({ version: v.version, sha256: v.sha256, note: v.note, createdBy: v.createdBy, createdAt: new Date(v.createdAt).toISOString() })),
    };
  }

  async decide(who: Principal, id: string, dto: DecisionDto) {
    if (dto.agency && dto.agency !== who.agency) {
      throw ApiError.forbidden(`agency: a signer of ${who.agency} cannot decide for ${dto.agency}`);
    }
    const c = await this.access.find(id);
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
    return this.update(c, decideUpdate, {
      agency: who.agency,
      decision: dto.decision,
      noticeSha256: dto.noticeSha256,
      comment: dto.comment ?? null,
      by: who.sub,
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

  /** Reminders (催办) of every kind and escalations, oldest first: to whom, when, why. */
  async reminders(who: Principal, id: string, q: NotificationQueryDto) {
    return this.allNotifications(who, id, q, REMINDER_KINDS);
  }

  /**
   * Everything the campaign told anyone, from the outbox, oldest first and paged. The lead's side
   * reads all of it; a recipient reads what was sent to its own body.
   */
  async allNotifications(who: Principal, id: string, q: NotificationQueryDto, only?: string[]) {
    const c = await this.access.visible(who, id);
    const everyone = await this.access.isOrganizerSide(who, c);
    if (q.agency && !everyone && q.agency !== who.agency) throw ApiError.forbidden(`agency: ${who.agency} cannot read what was sent to ${q.agency}`);
    const agency = everyone ? q.agency : who.agency;
    const asked = q.kind?.split(',');
    const kinds = only && asked ? asked.filter((k) => only.includes(k)) : (asked ?? only);
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 1000;
    const { rows, total } = await listNotifications(this.ds, id, { kinds, agency, page, pageSize });
    return {
      total,
      page,
      pageSize,
      entries: rows.map((n) => ({
        to: { agency: n.agency, role: n.role },
        kind: n.kind,
        reason: n.reason,
        at: new Date(n.createdAt).toISOString(),
        deliveredAt: n.deliveredAt ? new Date(n.deliveredAt).toISOString() : null,
      })),
    };
  }

  async audit(who: Principal, id: string) {
    await this.access.visible(who, id);
    const rows = await auditEntries(this.ds, id);
    const check = verifyChain(rows);
    return {
      entries: rows.map((r) => {
        const { data } = JSON.parse(r.payload) as { data: unknown };
        return { seq: r.seq, type: r.type, actor: r.actor, at: new Date(r.at).toISOString(), data, prevHash: r.prevHash, hash: r.hash };
      }),
      verified: check.verified,
      brokenAt: check.brokenAt,
      problem: check.reason,
    };
  }

  private async update<Ret, Arg>(c: CampaignEntity, def: { name: string } & import('@temporalio/client').UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
    try {
      return await this.temporal.workflow.getHandle(c.workflowId).executeUpdate(def, { args: [arg] });
    } catch (err) {
      throw toApiError(err);
    }
  }
}
