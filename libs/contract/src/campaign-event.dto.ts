/**
 * The DTOs of campaign events (活动; "activities" to clients): one registration, its results, the
 * list filters. The rules behind them (and the hand-written row parser of bulk imports, which uses
 * the same messages) are in libs/domain/src/campaign-event.ts.
 */
import { ApiProperty, ApiPropertyOptional, ApiSchema, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import type { ValidationOptions } from 'class-validator';
import { ArrayMaxSize, buildMessage, IsArray, IsBoolean, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { AUDIENCE_MAX, isHttpUrl, MAX_LINKS, MAX_PAGE_SIZE, NOT_BLANK, PLACE_MAX, SUMMARY_MAX, TITLE_MAX } from '@domain/campaign-event';
import { AGENCY_CODE, REGION_CODE } from '@domain/definition';
import { queryBoolean } from '@domain/query';
import { Paged } from './paging';
import { IsDayOrDateTime, IsIsoDateTime, IsName } from './validators';

/** class-validator decorator of isHttpUrl: `$property must be an http(s) URL`. */
export function IsHttpUrl(options: ValidationOptions = {}) {
  return ValidateBy(
    {
      name: 'isHttpUrl',
      validator: {
        validate: (value) => isHttpUrl(value),
        defaultMessage: buildMessage((each) => `${each}$property must be an http(s) URL`, options),
      },
    },
    options,
  );
}

/** The OpenAPI document keeps the schema's name clients already generate code from. */
@ApiSchema({ name: 'RegisterActivityDto' })
export class RegisterCampaignEventDto {
  @ApiProperty({ example: '“科技与生活”主题科普展', maxLength: TITLE_MAX })
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(TITLE_MAX)
  @IsName()
  title: string;

  @ApiProperty({ description: 'one of the campaign definition’s categories (活动安排)', example: '各省区域活动' })
  @IsString()
  @MaxLength(100)
  @IsName()
  category: string;

  @ApiProperty({ example: '2023-09-17T09:00:00+08:00' })
  @IsIsoDateTime()
  startsAt: string;

  @ApiProperty({ example: '2023-09-17T17:00:00+08:00', description: 'not before startsAt; both inside the campaign (window opening to close)' })
  @IsIsoDateTime()
  endsAt: string;

  @ApiPropertyOptional({ description: 'where it takes place; a place or an onlineUrl (or both) is required', maxLength: PLACE_MAX })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(PLACE_MAX)
  @IsName()
  place?: string;

  @ApiPropertyOptional({ description: 'link of an online activity (云上科普日)', example: 'https://www.kepuri.cn/live/1' })
  @IsOptional()
  @IsHttpUrl()
  onlineUrl?: string;

  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: AUDIENCE_MAX, example: 500 })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(AUDIENCE_MAX)
  expectedAudience?: number;

  @ApiPropertyOptional({ description: 'the organizer: the caller’s own agency (the default); naming another one is a 403' })
  @IsOptional()
  @Matches(AGENCY_CODE, { message: '$property must be an agency code (upper-case ASCII, e.g. BJ_CAST)' })
  organizer?: string;
}

@ApiSchema({ name: 'ActivityResultsDto' })
export class CampaignEventResultsDto {
  @ApiPropertyOptional({ type: [String], description: 'photo links' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKS)
  @IsHttpUrl({ each: true })
  photos?: string[];

  @ApiPropertyOptional({ type: [String], description: 'video links' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKS)
  @IsHttpUrl({ each: true })
  videos?: string[];

  @ApiPropertyOptional({ type: [String], description: 'news reports' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_LINKS)
  @IsHttpUrl({ each: true })
  news?: string[];

  @ApiProperty({ type: 'integer', minimum: 0, maximum: AUDIENCE_MAX, example: 1200 })
  @IsInt()
  @Min(0)
  @Max(AUDIENCE_MAX)
  participants: number;

  @ApiProperty({ maxLength: SUMMARY_MAX })
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(SUMMARY_MAX)
  summary: string;
}


export class CampaignEventFilterDto {
  @ApiPropertyOptional({ description: 'exactly this category' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @IsName()
  category?: string;

  @ApiPropertyOptional({ description: 'region code of the organizer: HA (a province includes its cities: HA_ZZ…), BJ, CN' })
  @IsOptional()
  @Matches(REGION_CODE, { message: '$property must be a region code (e.g. HA, HA_ZZ, CN)' })
  region?: string;

  @ApiPropertyOptional({ description: 'organizer agency code' })
  @IsOptional()
  @Matches(AGENCY_CODE, { message: '$property must be an agency code (upper-case ASCII, e.g. BJ_CAST)' })
  organizer?: string;

  @ApiPropertyOptional({ description: 'activities still running at or after this (a day: from its start, Asia/Shanghai)', example: '2023-09-17' })
  @IsOptional()
  @IsDayOrDateTime()
  from?: string;

  @ApiPropertyOptional({ description: 'activities starting at or before this (a day: until its end, Asia/Shanghai)', example: '2023-09-23' })
  @IsOptional()
  @IsDayOrDateTime()
  to?: string;

  @ApiPropertyOptional({ description: 'include the relays (转发) below this campaign, all the way down', default: false })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: '$property must be true or false' })
  cascade?: boolean;
}

/** GET …/activities: the filters, paged (50 by default, at most MAX_PAGE_SIZE). */
export class ListCampaignEventsDto extends IntersectionType(CampaignEventFilterDto, Paged(50, MAX_PAGE_SIZE)) {}
