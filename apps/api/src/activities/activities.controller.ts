import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiExtraModels, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Request } from 'express';
import { ACTIVITY_COLUMNS, IMPORT_COLUMNS, MAX_IMPORT_ROWS } from '@domain/activity';
import { ActivityFilterDto, ActivityResultsDto, ListActivitiesDto, RegisterActivityDto } from '@contract/activity.dto';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal, Roles } from '../auth/auth';
import { findTextProblems } from '@domain/text';
import { ApiError } from '../common/api-error';
import { Consumes, csvSchema } from '../common/media-type';
import { ActivitiesService } from './activities.service';

/** Where the bulk import is served: app.factory.ts gives this path a larger body limit. */
export const ACTIVITY_IMPORT_PATH = '/api/v1/campaigns/:id/activities/import';
export const CSV_TYPES = ['text/csv', 'application/csv'];

@ApiTags('activities')
@ApiBearerAuth()
@Controller('api/v1/campaigns/:id/activities')
export class ActivitiesController {
  constructor(private readonly activities: ActivitiesService) {}

  @Post()
  @Roles('recipient', 'secretariat')
  @ApiOperation({
    summary: 'Register an activity (活动) from the publication window’s opening; the organizer is the caller’s agency',
  })
  register(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: RegisterActivityDto) {
    return this.activities.register(who, id, dto);
  }

  @Post('import')
  @Roles('recipient', 'secretariat')
  @ApiOperation({
    summary: `Bulk import (CSV with a header row ${ACTIVITY_COLUMNS.join(',')}, or JSON { rows: [...] }), up to ${MAX_IMPORT_ROWS} rows: all or nothing`,
  })
  @Consumes('application/json', ...CSV_TYPES)
  @ApiExtraModels(RegisterActivityDto)
  @ApiBody({
    schema: {
      oneOf: [
        { type: 'object', properties: { rows: { type: 'array', items: { $ref: getSchemaPath(RegisterActivityDto) }, minItems: 1, maxItems: MAX_IMPORT_ROWS } }, required: ['rows'] },
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
    return this.activities.import(who, id, { contentType, body: req.body, idempotencyKey: key });
  }

  @Get()
  @ApiOperation({ summary: 'Activities, filtered and paged (in start order); cascade=true adds the relays below' })
  list(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: ListActivitiesDto) {
    return this.activities.list(who, id, q);
  }

  @Get('stats')
  @ApiOperation({ summary: 'Counts by category, region and campaign; cascade=true rolls the relays up' })
  stats(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: ActivityFilterDto) {
    return this.activities.stats(who, id, q);
  }

  @Get(':activityId')
  get(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Param('activityId') activityId: string) {
    return this.activities.get(who, id, activityId);
  }

  @Put(':activityId/results')
  @HttpCode(200)
  @Roles('recipient', 'secretariat')
  @ApiOperation({ summary: 'The organizer adds (or replaces) the results once the activity has ended: photos, videos, news, participants, summary' })
  putResults(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Param('activityId') activityId: string, @Body() dto: ActivityResultsDto) {
    return this.activities.putResults(who, id, activityId, dto);
  }
}
