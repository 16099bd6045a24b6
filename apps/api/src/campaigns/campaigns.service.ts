import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../../../libs/config/src/config';
import { AgencyEntity, AuditEntryEntity, CampaignEntity, NoticeTextEntity, NoticeVersionEntity, NotificationEntity } from '../../../../libs/db/src/entities';
import { verifyChain } from '../../../../libs/domain/src/audit-chain';
import type { Principal } from '../../../../libs/domain/src/auth';
import { CoSignSetup, initialState } from '../../../../libs/domain/src/co-sign';
import { checkDefinitionRules } from '../../../../libs/domain/src/definition-rules';
import { CampaignDefinitionDto, LaunchCampaignDto } from '../../../../libs/domain/src/definition';
import { noticeSha256 } from '../../../../libs/domain/src/hashing';
import { rebaseDefinition } from '../../../../libs/domain/src/rebase';
import {
  campaignWorkflowId,
  CampaignWorkflowInput,
  decideUpdate,
  reviseUpdate,
  signOffUpdate,
  withdrawUpdate,
} from '../../../../libs/temporal/src/messages';
import { TEMPORAL_CLIENT } from '../../../../libs/temporal/src/temporal-client.module';
import type { campaignWorkflow } from '../../../../workflows';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { campaignView } from './campaign.view';
import { DecisionDto, RevisionDto, SignOffDto, WithdrawDto } from './dto/co-sign.dto';
import { toApiError } from './temporal-errors';

@Injectable()
export class CampaignsService {
  private readonly logger = new Logger(CampaignsService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** POST /campaigns: validate, persist the definition and text, start the workflow. */
  async launch(who: Principal, dto: LaunchCampaignDto) {
    if (who.agency !== dto.leadAgency) {
      throw ApiError.forbidden(`leadAgency: ${who.agency} cannot launch a notice led by ${dto.leadAgency}`);
    }
    const { rebaseTo, ...given } = dto;
    const def: CampaignDefinitionDto = rebaseTo ? rebaseDefinition(given, rebaseTo).definition : given;
    const known = new Set((await this.ds.getRepository(AgencyEntity).find({ select: { code: true } })).map((a) => a.code));
    const { errors, warnings } = checkDefinitionRules(def, known, Date.now());
    if (errors.length) throw ApiError.validation(errors);

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

    await this.ds.transaction(async (m) => {
      await m.createQueryBuilder().insert().into(NoticeTextEntity).values({ sha256, body }).orIgnore().execute();
      await m.getRepository(CampaignEntity).insert({
        id,
        workflowId,
        title: def.title,
        year: def.year,
        leadAgency: def.leadAgency,
        definition: { ...definition, coSignMode: setup.mode, ...(rebaseTo && { rebasedFrom: rebaseTo }) },
        warnings,
        phase: 'co-signing',
        noticeVersion: 1,
        noticeSha256: sha256,
        coSign: { mode: initial.mode, dueAt: initial.dueAt, signers: initial.signers, signOff: null, escalatedAt: null },
        withdrawal: null,
        stateVersion: 0,
        launchedBy: who.sub,
      });
      // Version 1 is known now; the workflow's own record of it (ON CONFLICT DO NOTHING) agrees.
      await m.getRepository(NoticeVersionEntity).insert({ campaignId: id, version: 1, sha256, note: null, createdBy: who.sub, createdAt: new Date() });
    });

    const input: CampaignWorkflowInput = { setup, launchedBy: who.sub };
    try {
      await this.temporal.workflow.start<typeof campaignWorkflow>('campaignWorkflow', {
        taskQueue: this.config.temporal.taskQueue,
        workflowId,
        args: [input],
      });
    } catch (err) {
      // Nothing half-launched: without its workflow the campaign row would be a lie.
      await this.ds.getRepository(CampaignEntity).delete({ id });
      this.logger.error(`could not start ${workflowId}: ${(err as Error).message}`);
      throw new ApiError(HttpStatus.SERVICE_UNAVAILABLE, ApiErrorCode.UNAVAILABLE, 'the workflow service is unavailable; nothing was launched');
    }
    return { id, workflowId, phase: 'co-signing' as const, notice: { version: 1, sha256 }, warnings };
  }

  async list(who: Principal) {
    const qb = this.ds.getRepository(CampaignEntity).createQueryBuilder('c').orderBy('c.created_at', 'DESC');
    if (!who.roles.includes('admin')) {
      qb.where(`c.lead_agency = :agency OR c.co_sign -> 'signers' @> :signer::jsonb`, {
        agency: who.agency,
        signer: JSON.stringify([{ agency: who.agency }]),
      });
    }
    return (await qb.getMany()).map(campaignView);
  }

  async get(who: Principal, id: string) {
    return campaignView(await this.visible(who, id));
  }

  /** The current text (for co-signers to read and hash) and every earlier version. */
  async notice(who: Principal, id: string) {
    const c = await this.visible(who, id);
    const text = await this.ds.getRepository(NoticeTextEntity).findOneByOrFail({ sha256: c.noticeSha256 });
    const versions = await this.ds.getRepository(NoticeVersionEntity).find({ where: { campaignId: id }, order: { version: 'ASC' } });
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
    const c = await this.find(id);
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
    const c = await this.asLead(who, id, 'revise');
    const sha256 = noticeSha256(dto.body);
    await this.ds.createQueryBuilder().insert().into(NoticeTextEntity).values({ sha256, body: dto.body }).orIgnore().execute();
    return this.update(c, reviseUpdate, { sha256, note: dto.note ?? null, by: who.sub });
  }

  async signOff(who: Principal, id: string, dto: SignOffDto) {
    const c = await this.asLead(who, id, 'sign off');
    if (c.docNumber && c.coSign.signOff?.noticeSha256 === dto.noticeSha256) {
      return { docNumber: c.docNumber, issuedAt: new Date(c.issuedAt!).toISOString() };
    }
    return this.update(c, signOffUpdate, { noticeSha256: dto.noticeSha256, by: who.sub });
  }

  async withdraw(who: Principal, id: string, dto: WithdrawDto) {
    const c = await this.asLead(who, id, 'withdraw');
    return this.update(c, withdrawUpdate, { reason: dto.reason, by: who.sub });
  }

  /** Reminders (催办) and escalations, oldest first: to whom, when, why. */
  async reminders(who: Principal, id: string) {
    await this.visible(who, id);
    return { entries: await this.notifications(id, ['reminder', 'escalation']) };
  }

  /** Everything the workflow told anyone, from the outbox. */
  async allNotifications(who: Principal, id: string) {
    await this.visible(who, id);
    return { entries: await this.notifications(id) };
  }

  async audit(who: Principal, id: string) {
    await this.visible(who, id);
    const rows = await this.ds.getRepository(AuditEntryEntity).find({ where: { campaignId: id }, order: { seq: 'ASC' } });
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

  private async notifications(id: string, kinds?: string[]) {
    const qb = this.ds
      .getRepository(NotificationEntity)
      .createQueryBuilder('n')
      .where('n.campaign_id = :id', { id })
      .orderBy('n.created_at', 'ASC')
      .addOrderBy('n.id', 'ASC');
    if (kinds) qb.andWhere('n.kind IN (:...kinds)', { kinds });
    return (await qb.getMany()).map((n) => ({
      to: { agency: n.agency, role: n.role },
      kind: n.kind,
      reason: n.reason,
      at: new Date(n.createdAt).toISOString(),
      deliveredAt: n.deliveredAt ? new Date(n.deliveredAt).toISOString() : null,
    }));
  }

  private async update<Ret, Arg>(c: CampaignEntity, def: { name: string } & import('@temporalio/client').UpdateDefinition<Ret, [Arg]>, arg: Arg): Promise<Ret> {
    try {
      return await this.temporal.workflow.getHandle(c.workflowId).executeUpdate(def, { args: [arg] });
    } catch (err) {
      throw toApiError(err);
    }
  }

  private async find(id: string): Promise<CampaignEntity> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw ApiError.notFound(`campaign ${id}`);
    const c = await this.ds.getRepository(CampaignEntity).findOneBy({ id });
    if (!c) throw ApiError.notFound(`campaign ${id}`);
    return c;
  }

  /** Parties to a campaign (the lead, its co-signers) and administrators may read it. */
  private async visible(who: Principal, id: string): Promise<CampaignEntity> {
    const c = await this.find(id);
    const party = c.leadAgency === who.agency || c.coSign.signers.some((s) => s.agency === who.agency);
    if (!party && !who.roles.includes('admin')) throw ApiError.forbidden(`${who.agency} is not a party to this campaign`);
    return c;
  }

  /** Only the lead's secretariat launches, revises, signs off and withdraws. */
  private async asLead(who: Principal, id: string, action: string): Promise<CampaignEntity> {
    const c = await this.find(id);
    if (c.leadAgency !== who.agency) throw ApiError.forbidden(`only the lead agency ${c.leadAgency} may ${action}`);
    return c;
  }
}
