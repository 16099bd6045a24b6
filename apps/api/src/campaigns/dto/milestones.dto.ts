import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIsoDateTime, Nested, OptionalNotNull } from '@contract/validators';

/**
 * PATCH /campaigns/:id/milestones moves only what it names; the rest stays. A field given as null
 * is refused (nothing is cleared), and so is a body that names nothing (README: "Moving milestones").
 */
export class MoveWeekDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsIsoDateTime()
  startsAt?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsIsoDateTime()
  endsAt?: string;
}

export class MoveMilestonesDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsIsoDateTime()
  publicationOpensAt?: string;

  @ApiPropertyOptional({ type: MoveWeekDto })
  @OptionalNotNull()
  @Nested(() => MoveWeekDto)
  concentratedWeek?: MoveWeekDto;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsIsoDateTime()
  summaryDueAt?: string;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsIsoDateTime()
  closesAt?: string;
}
