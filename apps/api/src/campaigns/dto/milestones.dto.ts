import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsOptional, Matches, ValidateNested } from 'class-validator';
import { ISO_WITH_OFFSET } from '@domain/definition';

const ISO_MESSAGE = '$property must be an ISO 8601 date-time with an offset, e.g. 2023-10-10T00:00:00+08:00';

export class MoveWeekDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  startsAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  endsAt?: string;
}

/** PATCH /campaigns/:id/milestones: only what moves; the rest stays. */
export class MoveMilestonesDto {
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  publicationOpensAt?: string;

  @ApiPropertyOptional({ type: MoveWeekDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => MoveWeekDto)
  concentratedWeek?: MoveWeekDto;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  summaryDueAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  closesAt?: string;
}
