import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@config/config';
import type { CampaignEntity } from '@db/campaigns/campaign.entity';
import { deleteLaunchedCampaign, insertLaunchedCampaign } from '@db/campaigns/launch';
import type { Principal } from '@domain/auth';
import { deadlineWarnings } from '@domain/calendar';
import type { CoSignSetup } from '@domain/co-sign';
import { initialState } from '@domain/co-sign';
import { checkDefinitionRules } from '@domain/definition-rules';
import { noticeSha256 } from '@domain/hashing';
import { rebaseDefinition } from '@domain/rebase';
import { inheritFromParent } from '@domain/relay';
import type { Milestones } from '@domain/year';
import { DEFAULT_YEAR_URGING } from '@domain/year';
import type { CampaignDefinitionDto, LaunchCampaignDto, RelayCampaignDto } from '@contract/definition.dto';
import type { CampaignWorkflowInput } from '@temporal/messages';
import { campaignWorkflowId } from '@temporal/messages';
import { TEMPORAL_CLIENT } from '@temporal/temporal-client.module';
import type { campaignWorkflow } from '@workflows';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { checkPrefix, claimPrefix } from '../doc-numbers/prefixes';
import { CampaignAccess } from './campaign-access';
import { DirectoryCache, resolveDistribution } from './distribution';

/**
 * Launching a campaign (POST /campaigns) and relaying one (转发, POST /campaigns/:id/relays): the
 * definition checked against the directory and the rules, stored with its text and recipients,
 * and its workflow started — or nothing stored at all.
 */
@Injectable()
export class LaunchService {
  private readonly logger = new Logger(LaunchService.name);
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
   * under the parent. What it inherits and where it must fit: libs/domain/src/relay.ts.
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
    const { theme } = parent.definition as { theme?: string };
    const relay = inheritFromParent(
      given,
      { year: parent.year, theme, milestones: parent.milestones, calendarShiftDays: parent.calendarShiftDays },
      { rebaseWithParent, rebaseTo },
    );
    if (!relay.ok) throw ApiError.validation(relay.errors);
    return this.launchDefinition(who, relay.definition, { original: relay.original, shiftDays: relay.shiftDays, rebasedFrom: rebaseTo ?? null, parent });
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
}
