import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { CAMPAIGN_EVENT_COLUMNS, IMPORT_COLUMNS, MAX_IMPORT_ROWS } from '@domain/campaign-event';
import { CampaignEventFilterDto, CampaignEventResultsDto, ListCampaignEventsDto, RegisterCampaignEventDto } from '@contract/campaign-event.dto';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal, Roles } from '../auth/auth';
import { findTextProblems } from '@domain/text';
import { ApiError } from '../common/api-error';
import { Consumes, csvSchema } from '../common/media-type';
import { CampaignEventsService } from './campaign-events.service';

/** Where the bulk import is served: app.factory.ts gives this path a larger body limit. */
export const CAMPAIGN_EVENT_IMPORT_PATH = '/api/v1/campaigns/:id/activities/import';
export const CSV_TYPES = ['text/csv', 'application/csv'];

/** The operation ids clients generated code from before the rename (Nest derives them from the class name). */
const operationId = (method: string) => `ActivitiesController_${method}`;

/**
 * The campaign's events (活动) over HTTP. Clients know them as activities: the paths, the tag and
 * the field names (`activityId`) keep that name; inside, "activities" are Temporal's.
 */
@ApiTags('activities')
@ApiBearerAuth()
@Controller('api/v1/campaigns/:id/activities')
export class CampaignEventsController {
  constructor(private readonly events: CampaignEventsService) {}

  @Post()
  @Roles('recipient', 'secretariat')
  @ApiOperation({
    operationId: operationId('register'),
    summary: 'Register an activity (活动) from the publication window’s opening; the organizer is the caller’s agency',
  })
  register(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: RegisterCampaignEventDto) {
    return this.events.register(who, id, dto);
  }

  @Post('import')
  @Roles('recipient', 'secretariat')
  @ApiOperation({
    operationId: operationId('import'),
    summary: `Bulk import (CSV with a header row ${CAMPAIGN_EVENT_COLUMNS.join(',')}, or JSON { rows: [...] }), up to ${MAX_IMPORT_ROWS} rows: all or nothing`,
  })
  @Consumes('application/json', ...CSV_TYPES)
  @ApiExtraModels(RegisterCampaignEventDto)
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'object', properties: { rows: { type: 'array', items: { $ref: getSchemaPath(RegisterCampaignEventDto) }, minItems: 1, maxItems: MAX_IMPORT_ROWS } }, required: ['rows'] },
        csvSchema(IMPORT_COLUMNS, 'CSV: a header row naming the columns, then one activity per line'),
      ],
    },
  })
  import(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Req() req: Request) {
    // The media type was checked on the way in (@Consumes); a CSV is read as text, the rest as JSON.
    const contentType = req.is(CSV_TYPES) ? 'csv' : 'json';
    // A JSON body's every string is text (rows.3.title); a CSV's cells are checked row by row.
    if (contentType === 'json') {
      const problems = findTextProblems(req.body);
      if (problems.length) throw ApiError.validation(problems);
    }
    const key = req.get('idempotency-key');
    if (key !== undefined && !/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw ApiError.validation([{ field: 'idempotency-key', message: 'the Idempotency-Key header must be 1–200 printable ASCII characters' }]);
    }
    return this.events.import(who, id, { contentType, body: req.body, idempotencyKey: key });
  }

  @Get()
  @ApiOperation({ operationId: operationId('list'), summary: 'Activities, filtered and paged (in start order); cascade=true adds the relays below' })
  list(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: ListCampaignEventsDto) {
    return this.events.list(who, id, q);
  }

  @Get('stats')
  @ApiOperation({ operationId: operationId('stats'), summary: 'Counts by category, region and campaign; cascade=true rolls the relays up' })
  stats(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: CampaignEventFilterDto) {
    return this.events.stats(who, id, q);
  }

  @Get(':activityId')
  @ApiOperation({ operationId: operationId('get'), summary: undefined }) // no summary, as before
  get(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Param('activityId') activityId: string) {
    return this.events.get(who, id, activityId);
  }

  @Put(':activityId/results')
  @HttpCode(200)
  @Roles('recipient', 'secretariat')
  @ApiOperation({ operationId: operationId('putResults'), summary: 'The organizer adds (or replaces) the results once the activity has ended: photos, videos, news, participants, summary' })
  putResults(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Param('activityId') activityId: string, @Body() dto: CampaignEventResultsDto) {
    return this.events.putResults(who, id, activityId, dto);
  }
}
