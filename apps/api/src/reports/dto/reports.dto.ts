import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { Allow, ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import type { NominationStatus } from '@db/nominations/nomination.entity';
import { NOT_BLANK } from '@domain/campaign-event';
import { AGENCY_CODE } from '@domain/definition';
import { CAMPAIGN_EVENT_ID } from '@domain/ids';
import type { SummaryStatus } from '@domain/report';
import {
  MAX_CITATION_CHARS,
  MAX_RECOMMENDATIONS,
  MAX_SUMMARY_CHARS,
  MAX_SUMMARY_LINKS,
  NOMINATION_KINDS,
  NominationKindName,
} from '@domain/report';
import { EmptyBodyDto } from '@contract/empty-body.dto';
import { IsName } from '@contract/validators';

const CODE_MESSAGE = '$property must be an agency code (upper-case ASCII, e.g. HA_CAST)';

/** POST /campaigns/:id/summaries: a reporting unit's summary (总结报送). Figures and links are checked by libs/domain/src/report.ts, naming each entry. */
export class SubmitSummaryDto {
  @ApiPropertyOptional({ description: 'the reporting unit; when given it must be the token’s own agency', example: 'HA_CAST' })
  @IsOptional()
  @Matches(AGENCY_CODE, { message: CODE_MESSAGE })
  unit?: string;

  @ApiProperty({ description: 'the summary itself', maxLength: MAX_SUMMARY_CHARS })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_SUMMARY_CHARS)
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  text: string;

  @ApiPropertyOptional({
    description: 'named non-negative numbers (at most 50)',
    example: { activities: 120, participants: 35000 },
    type: 'object',
    additionalProperties: { type: 'number', minimum: 0 },
  })
  @IsOptional()
  @Allow()
  figures?: Record<string, unknown>;

  @ApiPropertyOptional({ description: `news reports, photos, videos: http(s) URLs (at most ${MAX_SUMMARY_LINKS})`, type: [String] })
  @IsOptional()
  @IsArray()
  links?: unknown[];
}

/** POST /campaigns/:id/nominations: a candidate for the commendation list (表扬). */
export class NominateDto {
  @ApiProperty({ enum: NOMINATION_KINDS })
  @IsIn(NOMINATION_KINDS)
  kind: NominationKindName;

  @ApiPropertyOptional({ description: 'the unit (unit nominations; the employer of an individual; an activity’s organizer)', example: 'HA_ZZ_CAST' })
  @IsOptional()
  @Matches(AGENCY_CODE, { message: CODE_MESSAGE })
  unit?: string;

  @ApiPropertyOptional({ description: 'the person (individual nominations)', example: '李二静' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @IsName()
  person?: string;

  @ApiPropertyOptional({ description: 'id of an activity registered in this campaign or a relay under it (activity nominations)', example: '42' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value))
  @Matches(CAMPAIGN_EVENT_ID, { message: '$property must be an activity id' })
  activityId?: string;

  @ApiProperty({ description: 'why: the citation (事迹)', maxLength: MAX_CITATION_CHARS })
  @IsString()
  @MinLength(1)
  @MaxLength(MAX_CITATION_CHARS)
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  citation: string;
}

export class NominationDecisionDto {
  @ApiProperty({ enum: ['commend', 'decline'] })
  @IsIn(['commend', 'decline'])
  decision: 'commend' | 'decline';

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

/** POST /campaigns/:id/recommendations: a relay recommends its best upward (推荐). */
export class RecommendDto {
  @ApiProperty({ description: `ids of commended nominations of this campaign (1–${MAX_RECOMMENDATIONS})`, type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_RECOMMENDATIONS)
  // Each id is checked by the service, so a 400 names its position (nominationIds.3).
  nominationIds: unknown[];
}

/** POST /campaigns/:id/commendations/publish takes no body: the list is published now, as decided. */
export class PublishCommendationsDto extends EmptyBodyDto {}

export const SUMMARY_STATUSES: SummaryStatus[] = ['on-time', 'late', 'missing'];
export const NOMINATION_STATUSES: NominationStatus[] = ['nominated', 'commended', 'declined'];

/** GET /campaigns/:id/summaries */
export class SummaryMatrixQueryDto {
  @ApiPropertyOptional({ enum: SUMMARY_STATUSES })
  @IsOptional()
  @IsIn(SUMMARY_STATUSES)
  status?: SummaryStatus;
}

/** GET /campaigns/:id/nominations */
export class NominationPoolQueryDto {
  @ApiPropertyOptional({ enum: NOMINATION_STATUSES })
  @IsOptional()
  @IsIn(NOMINATION_STATUSES)
  status?: NominationStatus;
}
