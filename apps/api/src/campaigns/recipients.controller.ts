import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal, Roles } from '../auth/auth';
import { DeliveryQueryDto, ReceiptDto, RecipientQueryDto, RecipientRegionQueryDto } from './dto/recipients.dto';
import { RecipientsService } from './recipients.service';

@ApiTags('distribution')
@ApiBearerAuth()
@Controller('api/v1/campaigns/:id')
export class RecipientsController {
  constructor(private readonly recipients: RecipientsService) {}

  @Get('recipients')
  @ApiOperation({ summary: 'Each recipient body’s state: delivered, acknowledged, relayed, activities, summary (filterable, paged)' })
  list(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: RecipientQueryDto) {
    return this.recipients.list(who, id, q);
  }

  @Get('recipients/by-region')
  @ApiOperation({
    summary: 'The recipients counted by province — or, given a region, by each region inside it — with how many acknowledged (签收): [{ region, regionName, total, main, acknowledged }]',
  })
  byRegion(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: RecipientRegionQueryDto) {
    return this.recipients.byRegion(who, id, q);
  }

  @Get('delivery')
  @ApiOperation({
    summary: 'The lead’s side: per recipient body, when the notice reached a person (e-mail, webhook) apart from its acknowledgement, and those that could not be reached, with why and whom to phone',
  })
  delivery(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: DeliveryQueryDto) {
    return this.recipients.delivery(who, id, q);
  }

  @Post('receipts')
  @HttpCode(200)
  @Roles('recipient', 'secretariat')
  @ApiOperation({ summary: 'A 主送 recipient acknowledges receipt (签收), for its own body only' })
  acknowledge(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: ReceiptDto) {
    return this.recipients.acknowledge(who, id, dto);
  }

  @Get('tree')
  @ApiOperation({ summary: 'The campaign and its relays down the levels, with progress rolled up' })
  tree(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    return this.recipients.tree(who, id);
  }
}
