import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { AGENCY_CODE } from '@domain/definition';

/** Reminders of every kind: co-signing's, and the year's (acknowledgement, results, summaries). */
export const REMINDER_KINDS = ['reminder', 'escalation', 'ack-reminder', 'results-reminder', 'summary-reminder', 'summary-overdue'];

export class NotificationQueryDto {
  @ApiPropertyOptional({ description: 'one kind, or several separated by commas', example: 'ack-reminder,summary-overdue' })
  @IsOptional()
  @Matches(/^[a-z-]+(,[a-z-]+)*$/, { message: '$property must be kinds such as ack-reminder, separated by commas' })
  kind?: string;

  @ApiPropertyOptional({ description: 'messages to this body only' })
  @IsOptional()
  @Matches(AGENCY_CODE, { message: '$property must be an agency code' })
  agency?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  page?: number;

  @ApiPropertyOptional({ default: 1000, maximum: 5000 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(5000)
  pageSize?: number;
}
