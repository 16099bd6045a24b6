import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength } from 'class-validator';
import { NOTIFICATION_KINDS } from '@domain/messages';
import { EmptyBodyDto } from '@contract/empty-body.dto';
import { Paged } from '@contract/paging';

/** The longest endpoint URL taken (browsers and proxies agree on 2,048). */
export const WEBHOOK_URL_MAX = 2048;

/** POST /api/v1/webhooks: where the body's own OA system listens, and what it wants to hear of. */
export class CreateWebhookDto {
  @ApiProperty({
    description: 'an http(s) URL without credentials whose host resolves to public addresses only (unless the server allows private ones)',
    example: 'https://oa.example.org/hooks/notices',
    maxLength: WEBHOOK_URL_MAX,
  })
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX)
  url: string;

  @ApiProperty({
    description: `notification kinds (${NOTIFICATION_KINDS.join(', ')}), or ["*"] for every kind`,
    type: [String],
    example: ['notice-delivered', 'ack-reminder'],
    maxItems: NOTIFICATION_KINDS.length,
  })
  @IsArray()
  @ArrayMaxSize(NOTIFICATION_KINDS.length)
  // Each kind is checked by the service, so that a 400 names its position (events.2).
  events: unknown[];
}

/** GET /api/v1/webhooks/:id/deliveries */
export class DeliveriesQueryDto extends Paged(50, 500) {}

/** POST /api/v1/webhooks/:id/deliveries/:deliveryId/resend takes no body. */
export class ResendDto extends EmptyBodyDto {}
