import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { CoSignMode } from '@domain/definition';
import { AGENCY_CODE, CO_SIGN_MODES, MAX_BODY_CHARS } from '@domain/definition';
import { DOC_NUMBER_PREFIX, DOC_PREFIX_MAX } from '@domain/doc-number';
import { YEAR_MAX, YEAR_MIN } from '@domain/iso';
import { IsDay, IsIsoDateTime, IsName, Nested } from './validators';

/**
 * A campaign definition: what `campaigns/*.yaml` holds and what `POST /api/v1/campaigns` takes.
 * The same classes validate both (the CLI runs class-validator on the parsed YAML), so a file
 * that the CLI accepts is a body the API accepts.
 */

const CODE_MESSAGE = 'each value in $property must be an agency code (upper-case ASCII, e.g. CAST)';

export class RecipientsDto {
  @ApiProperty({ description: '主送: bodies that must act (codes or group names); at least one', type: [String] })
  @IsArray()
  @ArrayMinSize(1, { message: '$property must name at least one body: a notice without 主送 reaches nobody' })
  @ArrayMaxSize(5000)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  @IsName({ each: true })
  main: string[];

  @ApiProperty({ description: '抄送: bodies informed only', type: [String] })
  @IsArray()
  @ArrayMaxSize(5000)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  @IsName({ each: true })
  cc: string[];
}

export class ConcentratedWeekDto {
  @ApiProperty({ example: '2023-09-17T00:00:00+08:00' })
  @IsIsoDateTime()
  startsAt: string;

  @ApiProperty({ example: '2023-09-23T23:59:59+08:00' })
  @IsIsoDateTime()
  endsAt: string;
}

export class MilestonesDto {
  @ApiProperty({ description: 'organizers may publish activities from here', example: '2023-08-21T00:00:00+08:00' })
  @IsIsoDateTime()
  publicationOpensAt: string;

  @ApiProperty({ type: ConcentratedWeekDto })
  @Nested(() => ConcentratedWeekDto)
  concentratedWeek: ConcentratedWeekDto;

  @ApiProperty({ description: '总结报送 deadline', example: '2023-10-10T00:00:00+08:00' })
  @IsIsoDateTime()
  summaryDueAt: string;

  @ApiProperty({ example: '2023-12-31T23:59:59+08:00' })
  @IsIsoDateTime()
  closesAt: string;
}

export class ContactDto {
  @ApiProperty({ example: '中国科协青少年科技中心（科普活动中心）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsName()
  office: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  @IsName({ each: true })
  people?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
  phones?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail()
  email?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(300)
  address?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(20)
  postcode?: string;
}

export class UrgingDto {
  @ApiPropertyOptional({ description: 'first reminder this many hours after a co-signer is asked', type: 'integer', minimum: 1, maximum: 24 * 60, default: 48 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  firstAfterHours?: number;

  @ApiPropertyOptional({ description: 'then every this many hours until the deadline', type: 'integer', minimum: 1, maximum: 24 * 60, default: 48 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  everyHours?: number;
}

export class CampaignDefinitionDto {
  @ApiProperty({ example: '关于举办2023年全国科普日活动的通知' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  @IsName()
  title: string;

  @ApiProperty({ example: 2023, type: 'integer', minimum: YEAR_MIN, maximum: YEAR_MAX })
  @IsInt()
  @Min(YEAR_MIN)
  @Max(YEAR_MAX)
  year: number;

  @ApiPropertyOptional({ example: '提升全民科学素质，助力科技自立自强' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  @IsName()
  theme?: string;

  @ApiProperty({ description: '主办/牵头单位 code', example: 'CAST' })
  @Matches(AGENCY_CODE, { message: '$property must be an agency code (upper-case ASCII, e.g. CAST)' })
  leadAgency: string;

  @ApiProperty({ description: '会签单位 codes, in signature order, without the lead', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique({ message: '$property must not list an agency twice' })
  @Matches(AGENCY_CODE, { each: true, message: CODE_MESSAGE })
  coSigners: string[];

  @ApiPropertyOptional({ enum: CO_SIGN_MODES, default: 'parallel' })
  @IsOptional()
  @IsIn(CO_SIGN_MODES)
  coSignMode?: CoSignMode;

  @ApiProperty({ example: '2023-08-02T18:00:00+08:00' })
  @IsIsoDateTime()
  coSignDueAt: string;

  @ApiProperty({ description: '发文字号 prefix', example: '科协发' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DOC_PREFIX_MAX)
  @Matches(DOC_NUMBER_PREFIX, { message: '$property must not contain spaces or brackets' })
  @IsName()
  docNumberPrefix: string;

  @ApiProperty({ description: 'the notice text that co-signers approve' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_BODY_CHARS)
  body: string;

  @ApiProperty({ type: RecipientsDto })
  @Nested(() => RecipientsDto)
  recipients: RecipientsDto;

  @ApiProperty({ type: MilestonesDto })
  @Nested(() => MilestonesDto)
  milestones: MilestonesDto;

  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @Nested(() => ContactDto, { each: true })
  contacts?: ContactDto[];

  @ApiPropertyOptional({ type: UrgingDto })
  @IsOptional()
  @Nested(() => UrgingDto)
  urging?: UrgingDto;

  @ApiPropertyOptional({
    description: 'activity categories of the arrangement (活动安排), used once activities are registered',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  @IsName({ each: true })
  categories?: string[];

  @ApiPropertyOptional({
    description:
      '总结报送 units: codes or groups among the 主送 recipients (default: the 科协 and societies among them)',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5000)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  @IsName({ each: true })
  reportingUnits?: string[];

  @ApiPropertyOptional({
    description:
      'issuers as printed in the header (版头), when they were transcribed separately; a mismatch with ' +
      'leadAgency + coSigners is reported as a warning at launch, never silently accepted',
    type: [String],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @Matches(AGENCY_CODE, { each: true, message: CODE_MESSAGE })
  headerIssuers?: string[];
}

/** What POST /api/v1/campaigns takes: a definition plus an optional rebase date. */
export class LaunchCampaignDto extends CampaignDefinitionDto {
  @ApiPropertyOptional({
    description: 'shift every date so that the earliest lands on this date (YYYY-MM-DD): rehearse 2023 today',
    example: '2026-12-01',
  })
  @IsOptional()
  @IsDay()
  rebaseTo?: string;
}

/** A relay's timeline: the window and the week are inherited from the parent unless given. */
export class RelayMilestonesDto {
  @ApiPropertyOptional({ description: "default: the parent's window opening" })
  @IsOptional()
  @IsIsoDateTime()
  publicationOpensAt?: string;

  @ApiPropertyOptional({ type: ConcentratedWeekDto, description: "must be the parent's week (default)" })
  @IsOptional()
  @Nested(() => ConcentratedWeekDto)
  concentratedWeek?: ConcentratedWeekDto;

  @ApiProperty({ description: "总结报送 deadline: strictly before the parent's" })
  @IsIsoDateTime()
  summaryDueAt: string;

  @ApiProperty({ description: "no later than the parent's close" })
  @IsIsoDateTime()
  closesAt: string;
}

/**
 * What POST /api/v1/campaigns/:id/relays takes (转发): a definition of the recipient's own joint
 * notice. Theme, year, window and week come from the parent when left out.
 */
export class RelayCampaignDto extends OmitType(LaunchCampaignDto, ['milestones', 'year'] as const) {
  @ApiPropertyOptional({ description: "default: the parent's year", type: 'integer', minimum: YEAR_MIN, maximum: YEAR_MAX })
  @IsOptional()
  @IsInt()
  @Min(YEAR_MIN)
  @Max(YEAR_MAX)
  year?: number;

  @ApiProperty({ type: RelayMilestonesDto })
  @Nested(() => RelayMilestonesDto)
  milestones: RelayMilestonesDto;

  @ApiPropertyOptional({
    description: "shift the relay's dates by the same number of days as its rehearsed parent (rebaseTo of the parent)",
  })
  @IsOptional()
  @IsBoolean()
  rebaseWithParent?: boolean;
}
