import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@domain/auth';
import { LaunchCampaignDto, RelayCampaignDto } from '@contract/definition.dto';
import { CurrentPrincipal, Roles } from '../auth/auth';
import { ApiError } from '../common/api-error';
import { CampaignsService } from './campaigns.service';
import { CommandsService } from './commands.service';
import { DecisionDto, RevisionDto, SignOffDto, WithdrawDto } from './dto/co-sign.dto';
import { MoveMilestonesDto } from './dto/milestones.dto';
import { NoticeDiffParamsDto, NoticeVersionParamsDto } from './dto/notice-version.dto';
import { NotificationQueryDto } from './dto/notifications.dto';
import { LaunchService } from './launch.service';

const MOVABLE = ['publicationOpensAt', 'concentratedWeek', 'summaryDueAt', 'closesAt'];

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/v1/campaigns')
export class CampaignsController {
  constructor(
    private readonly launching: LaunchService,
    private readonly commands: CommandsService,
    private readonly campaigns: CampaignsService,
  ) {}

  @Post()
  @Roles('secretariat')
  @ApiOperation({ summary: 'Launch a campaign from a definition: its joint notice goes to co-signing (会签)' })
  launch(@CurrentPrincipal() who: Principal, @Body() dto: LaunchCampaignDto) {
    return this.launching.launch(who, dto);
  }

  @Get()
  @ApiOperation({ summary: 'Campaigns the caller’s agency leads or co-signs (all, for admins)' })
  list(@CurrentPrincipal() who: Principal) {
    return this.campaigns.list(who);
  }

  @Get(':id')
  get(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    return this.campaigns.get(who, id);
  }

  @Get(':id/notice')
  @ApiOperation({ summary: 'The current notice text, its SHA-256, and the version history' })
  notice(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    return this.campaigns.notice(who, id);
  }

  @Get(':id/notice/versions/:version')
  @ApiOperation({ summary: 'One version of the notice text, earlier ones included (to read what a revision changed)' })
  noticeVersion(@CurrentPrincipal() who: Principal, @Param() params: NoticeVersionParamsDto) {
    return this.campaigns.noticeVersion(who, params.id, params.version);
  }

  @Get(':id/notice/versions/:a/diff/:b')
  @ApiOperation({
    summary:
      'What changed from version a to version b of the notice (parties, as for …/notice): ' +
      '{ campaignId, from: { version, sha256, note, createdBy, createdAt }, to: {…}, notes: [{ version, note, createdBy, createdAt }] (the revisions between, oldest first), identical, ' +
      "lines: [{ op: 'same'|'added'|'removed'|'changed', a?, b?, text?, parts?: [{ op: 'same'|'added'|'removed', text }] }] (a, b: line numbers in version a and b; a changed line's parts are its characters), " +
      'stats: { added, removed, changed, same } }. a may be newer than b. 404 for a version that does not exist',
  })
  noticeDiff(@CurrentPrincipal() who: Principal, @Param() params: NoticeDiffParamsDto) {
    return this.campaigns.noticeDiff(who, params.id, params.a, params.b);
  }

  @Post(':id/relays')
  @Roles('secretariat')
  @ApiOperation({ summary: 'A 主送 recipient relays (转发) the issued notice as its own joint notice, under this one' })
  relay(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: RelayCampaignDto) {
    return this.launching.relay(who, id, dto);
  }

  @Patch(':id/milestones')
  @Roles('secretariat')
  @ApiOperation({
    summary: 'The lead moves milestones of the running campaign; everyone affected is informed. A move to where they already are records and tells nothing (200, unchanged: true)',
  })
  moveMilestones(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: MoveMilestonesDto) {
    // A move names what moves; an empty one would tell every recipient that nothing moved.
    const week = dto.concentratedWeek;
    if (week && week.startsAt === undefined && week.endsAt === undefined) {
      throw ApiError.validation([{ field: 'concentratedWeek', message: 'name startsAt or endsAt (or both) to move the week' }]);
    }
    if (Object.values(dto).every((v) => v === undefined)) {
      throw ApiError.validation([{ field: 'body', message: `name at least one milestone to move: ${MOVABLE.join(', ')}` }]);
    }
    return this.commands.moveMilestones(who, id, dto);
  }

  @Post(':id/co-sign/decisions')
  @HttpCode(200)
  @Roles('signer')
  @ApiOperation({ summary: 'A co-signer approves or rejects the exact text identified by noticeSha256' })
  decide(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: DecisionDto) {
    return this.commands.decide(who, id, dto);
  }

  @Post(':id/notice/revisions')
  @Roles('secretariat')
  @ApiOperation({ summary: 'The lead revises the text: earlier decisions are void, co-signers are asked again' })
  revise(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: RevisionDto) {
    return this.commands.revise(who, id, dto);
  }

  @Post(':id/sign-off')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'The lead signs off (签发) the approved text; the notice is numbered and issued' })
  signOff(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: SignOffDto) {
    return this.commands.signOff(who, id, dto);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'The lead withdraws (撤回) the notice before issuance' })
  withdraw(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: WithdrawDto) {
    return this.commands.withdraw(who, id, dto);
  }

  @Get(':id/reminders')
  @ApiOperation({ summary: 'Reminders (催办) and deadline escalations sent, with whom, when and why' })
  reminders(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: NotificationQueryDto) {
    return this.campaigns.reminders(who, id, q);
  }

  @Get(':id/notifications')
  @ApiOperation({ summary: 'Every message the campaign sent (the outbox)' })
  notifications(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: NotificationQueryDto) {
    return this.campaigns.notifications(who, id, q);
  }

  @Get(':id/audit')
  @ApiOperation({ summary: 'The hash-chained audit log and whether the chain verifies' })
  audit(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    return this.campaigns.audit(who, id);
  }
}
