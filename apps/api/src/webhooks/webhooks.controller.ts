import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal, Roles } from '../auth/auth';
import { CreateWebhookDto, DeliveriesQueryDto, ResendDto } from './dto/webhooks.dto';
import { WebhooksService } from './webhooks.service';

/** A body's own OA system, told of notifications by signed webhooks (Standard Webhooks). Always the caller's own body. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Register a webhook endpoint of the caller’s body: the answer carries the signing secret (whsec_…), shown this once and never again' })
  create(@CurrentPrincipal() who: Principal, @Body() dto: CreateWebhookDto) {
    return this.webhooks.create(who, dto);
  }

  @Get()
  @ApiOperation({ summary: 'The caller’s body’s webhook endpoints, whether they work (failing since, disabled), never their secrets' })
  list(@CurrentPrincipal() who: Principal) {
    return this.webhooks.list(who);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'What went to an endpoint, newest first (paged), each delivery with its tries: when, outcome, status code, error, duration' })
  deliveries(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Query() q: DeliveriesQueryDto) {
    return this.webhooks.deliveries(who, id, q);
  }

  @Post(':id/deliveries/:deliveryId/resend')
  @HttpCode(202)
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Send a delivery again now, under the same webhook-id (its tries are kept)' })
  resend(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Param('deliveryId') deliveryId: string, @Body() _: ResendDto) {
    return this.webhooks.resend(who, id, deliveryId);
  }

  @Delete(':id')
  @HttpCode(204)
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Remove an endpoint: nothing more goes to it (what was pending is cancelled); its delivery history is kept' })
  async remove(@CurrentPrincipal() who: Principal, @Param('id') id: string): Promise<void> {
    await this.webhooks.remove(who, id);
  }
}
