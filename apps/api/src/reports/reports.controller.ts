import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal, Roles } from '../auth/auth';
import { CommendationsService } from './commendations.service';
import {
  NominateDto,
  NominationDecisionDto,
  NominationPoolQueryDto,
  PublishCommendationsDto,
  RecommendDto,
  SubmitSummaryDto,
  SummaryMatrixQueryDto,
} from './dto/reports.dto';
import { SummariesService } from './summaries.service';

@ApiTags('report-back and commendation')
@ApiBearerAuth()
@Controller('api/v1/campaigns')
export class ReportsController {
  constructor(
    private readonly summaries: SummariesService,
    private readonly commendations: CommendationsService,
  ) {}

  // ── 总结报送 ──────────────────────────────────────────────────────────────

  @Post(':id/summaries')
  @Roles('recipient', 'secretariat')
  @ApiOperation({ summary: 'A reporting unit submits its summary (总结报送); each submission is a new revision, late ones are marked late' })
  submitSummary(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: SubmitSummaryDto) {
    return this.summaries.submit(who, id, dto);
  }

  @Get(':id/summaries')
  @ApiOperation({ summary: 'The report-back matrix: every reporting unit on time, late or missing (a reporting unit sees its own row)' })
  summaryMatrix(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: SummaryMatrixQueryDto) {
    return this.summaries.matrix(who, id, q.status);
  }

  @Get(':id/summaries/:unit')
  @ApiOperation({ summary: 'One unit’s summary: the latest text, figures and links, and every revision' })
  summaryOfUnit(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Param('unit') unit: string) {
    return this.summaries.unit(who, id, unit);
  }

  // ── 表扬 / 推荐 ───────────────────────────────────────────────────────────

  @Post(':id/nominations')
  @Roles('secretariat')
  @ApiOperation({ summary: 'The lead nominates a unit, an individual or an activity for commendation (表扬), in the commendation phase' })
  nominate(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: NominateDto) {
    return this.commendations.nominate(who, id, dto);
  }

  @Get(':id/nominations')
  @ApiOperation({ summary: 'The nomination pool, with recommendations from relays marked by their source (organizer side)' })
  nominations(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: NominationPoolQueryDto) {
    return this.commendations.pool(who, id, q.status);
  }

  @Post(':id/nominations/:nid/decision')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'The lead commends or declines a nomination, before the list is published' })
  decideNomination(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Param('nid') nid: string, @Body() dto: NominationDecisionDto) {
    return this.commendations.decide(who, id, nid, dto);
  }

  @Post(':id/commendations/publish')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({ summary: 'The lead publishes the commendation list (表扬名单); every recipient is told' })
  publish(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() _body: PublishCommendationsDto) {
    return this.commendations.publish(who, id);
  }

  @Get(':id/commendations')
  @ApiOperation({ summary: 'The published commendation list (empty until published)' })
  commendationList(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    return this.commendations.published(who, id);
  }

  @Post(':id/recommendations')
  @Roles('secretariat')
  @ApiOperation({ summary: 'A relay recommends commended nominations upward (推荐) into its parent’s pool: 201, or 200 when all were already there' })
  async recommend(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: RecommendDto, @Res({ passthrough: true }) res: Response) {
    const { created, body } = await this.commendations.recommend(who, id, dto);
    res.status(created ? 201 : 200);
    return body;
  }
}
