import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal, Public } from '../auth/auth';
import { CalendarService } from './calendar.service';
import { CalendarFeedParamDto, CalendarFeedQueryDto, CreateCalendarFeedDto } from './dto/calendar-feeds.dto';

/** A body's people manage its calendar feeds: any role, always for the caller's own agency. */
@ApiTags('calendar')
@ApiBearerAuth()
@Controller('api/v1/calendar-feeds')
export class CalendarFeedsController {
  constructor(private readonly calendar: CalendarService) {}

  @Post()
  @ApiOperation({ summary: 'A calendar feed of the deadlines that concern the caller’s agency: 201 { id, url }; the URL (its token) is shown only here' })
  create(@CurrentPrincipal() who: Principal, @Body() _body: CreateCalendarFeedDto) {
    return this.calendar.create(who);
  }

  @Get()
  @ApiOperation({ summary: 'The caller’s agency’s calendar feeds in force (never their URLs)' })
  list(@CurrentPrincipal() who: Principal, @Query() q: CalendarFeedQueryDto) {
    return this.calendar.list(who, q);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'revoked: its URL answers 404 from now on' })
  @ApiOperation({ summary: 'Revoke one of the caller’s agency’s calendar feeds' })
  async revoke(@CurrentPrincipal() who: Principal, @Param() params: CalendarFeedParamDto): Promise<void> {
    await this.calendar.revoke(who, params.id);
  }
}

/**
 * The feed itself, for calendar applications: no bearer token (they cannot send one); the token
 * in the URL is the credential.
 */
@ApiTags('calendar')
@Controller('api/v1/calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get(':token.ics')
  @Public()
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'iCalendar (RFC 5545)', content: { 'text/calendar': { schema: { type: 'string' } } } })
  @ApiOperation({ summary: 'A body’s calendar feed (iCalendar): its deadlines as events with alarms; 404 for an unknown or revoked token' })
  async feed(@Param('token') token: string, @Res({ passthrough: true }) res: Response): Promise<string> {
    const ics = await this.calendar.ics(token);
    res.type('text/calendar; charset=utf-8');
    // The URL is a credential: no shared cache keeps a copy.
    res.setHeader('Cache-Control', 'private, no-store');
    return ics;
  }
}
