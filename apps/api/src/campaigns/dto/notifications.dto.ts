import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { AGENCY_CODE } from '@domain/definition';
import { Paged } from '@contract/paging';

/** Reminders of every kind: co-signing's, and the year's (acknowledgement, results, summaries). */
export const REMINDER_KINDS = ['reminder', 'co-sign-urge', 'escalation', 'ack-reminder', 'results-reminder', 'summary-reminder', 'summary-overdue'];

/** The outbox pages by the thousand (a national notice tells about a thousand bodies at once). */
export class NotificationQueryDto extends Paged(1000, 5000) {
  @ApiPropertyOptional({ description: 'one kind, or several separated by commas', example: 'ack-reminder,summary-overdue' })
  @IsOptional()
  @Matches(/^[a-z-]+(,[a-z-]+)*$/, { message: '$property must be kinds such as ack-reminder, separated by commas' })
  kind?: string;

  @ApiPropertyOptional({ description: 'messages to this body only' })
  @IsOptional()
  @Matches(AGENCY_CODE, { message: '$property must be an agency code' })
  agency?: string;
}
