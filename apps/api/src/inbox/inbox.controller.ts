import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal } from '../auth/auth';
import { InboxQueryDto, MarkReadDto } from './dto/inbox.dto';
import { InboxService } from './inbox.service';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('api/v1/inbox')
export class InboxController {
  constructor(private readonly inbox: InboxService) {}

  @Get()
  @ApiOperation({ summary: 'The notifications addressed to the caller’s body in the caller’s roles, newest first, with unread counts (filterable by kind, campaign, read state)' })
  list(@CurrentPrincipal() who: Principal, @Query() q: InboxQueryDto) {
    return this.inbox.list(who, q);
  }

  @Post('read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks notifications of the caller’s inbox read: all of them, or none (404 naming those not in it)' })
  markRead(@CurrentPrincipal() who: Principal, @Body() dto: MarkReadDto) {
    return this.inbox.markRead(who, dto);
  }
}
