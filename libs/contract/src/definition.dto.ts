import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
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
  ValidateNested,
} from 'class-validator';
import type { CoSignMode } from '@domain/definition';
import { AGENCY_CODE, CO_SIGN_MODES, ISO_WITH_OFFSET, MAX_BODY_CHARS } from '@domain/definition';

/**
 * A campaign definition: what `campaigns/*.yaml` holds and what `POST /api/v1/campaigns` takes.
 * The same classes validate both (the CLI runs class-validator on the parsed YAML), so a file
 * that the CLI accepts is a body the API accepts.
 */

const ISO_MESSAGE = '$property must be an ISO 8601 date-time with an offset, e.g. 2023-08-21T09:00:00+08:00';
const CODE_MESSAGE = 'each value in $property must be an agency code (upper-case ASCII, e.g. CAST)';

export class RecipientsDto {
  @ApiProperty({ description: '主送: bodies that must act (codes or group names)', type: [String] })
  @IsArray()
  @ArrayMaxSize(5000)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  main: string[];

  @ApiProperty({ description: '抄送: bodies informed only', type: [String] })
  @IsArray()
  @ArrayMaxSize(5000)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  cc: string[];
}

export class ConcentratedWeekDto {
  @ApiProperty({ example: '2023-09-17T00:00:00+08:00' })
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  startsAt: string;

  @ApiProperty({ example: '2023-09-23T23:59:59+08:00' })
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  endsAt: string;
}

export class MilestonesDto {
  @ApiProperty({ description: 'organizers may publish activities from here', example: '2023-08-21T00:00:00+08:00' })
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  publicationOpensAt: string;

  @ApiProperty({ type: ConcentratedWeekDto })
  @ValidateNested()
  @Type(() => ConcentratedWeekDto)
  concentratedWeek: ConcentratedWeekDto;

  @ApiProperty({ description: '总结报送 deadline', example: '2023-10-10T00:00:00+08:00' })
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  summaryDueAt: string;

  @ApiProperty({ example: '2023-12-31T23:59:59+08:00' })
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  closesAt: string;
}

export class ContactDto {
  @ApiProperty({ example: '中国科协青少年科技中心（科普活动中心）' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  office: string;

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(50, { each: true })
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
  @ApiPropertyOptional({ description: 'first reminder this many hours after a co-signer is asked', default: 48 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(24 * 60)
  firstAfterHours?: number;

  @ApiPropertyOptional({ description: 'then every this many hours until the deadline', default: 48 })
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
  title: string;

  @ApiProperty({ example: 2023 })
  @IsInt()
  @Min(2000)
  @Max(2100)
  year: number;

  @ApiPropertyOptional({ example: '提升全民科学素质，助力科技自立自强' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
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
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  coSignDueAt: string;

  @ApiProperty({ description: '发文字号 prefix', example: '科协发' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(20)
  @Matches(/^[^\s〔〕[\]]+$/u, { message: '$property must not contain spaces or brackets' })
  docNumberPrefix: string;

  @ApiProperty({ description: 'the notice text that co-signers approve' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_BODY_CHARS)
  body: string;

  @ApiProperty({ type: RecipientsDto })
  @ValidateNested()
  @Type(() => RecipientsDto)
  recipients: RecipientsDto;

  @ApiProperty({ type: MilestonesDto })
  @ValidateNested()
  @Type(() => MilestonesDto)
  milestones: MilestonesDto;

  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];

  @ApiPropertyOptional({ type: UrgingDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UrgingDto)
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
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property must be a date YYYY-MM-DD' })
  rebaseTo?: string;
}

/** A relay's timeline: the window and the week are inherited from the parent unless given. */
export class RelayMilestonesDto {
  @ApiPropertyOptional({ description: "default: the parent's window opening" })
  @IsOptional()
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  publicationOpensAt?: string;

  @ApiPropertyOptional({ type: ConcentratedWeekDto, description: "must be the parent's week (default)" })
  @IsOptional()
  @ValidateNested()
  @Type(() => ConcentratedWeekDto)
  concentratedWeek?: ConcentratedWeekDto;

  @ApiProperty({ description: "总结报送 deadline: strictly before the parent's" })
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  summaryDueAt: string;

  @ApiProperty({ description: "no later than the parent's close" })
  @Matches(ISO_WITH_OFFSET, { message: ISO_MESSAGE })
  closesAt: string;
}

/**
 * What POST /api/v1/campaigns/:id/relays takes (转发): a definition of the recipient's own joint
 * notice. Theme, year, window and week come from the parent when left out.
 */
export class RelayCampaignDto extends OmitType(LaunchCampaignDto, ['milestones', 'year'] as const) {
  @ApiPropertyOptional({ description: "default: the parent's year" })
  @IsOptional()
  @IsInt()
  @Min(2000)
  @Max(2100)
  year?: number;

  @ApiProperty({ type: RelayMilestonesDto })
  @ValidateNested()
  @Type(() => RelayMilestonesDto)
  milestones: RelayMilestonesDto;

  @ApiPropertyOptional({
    description: "shift the relay's dates by the same number of days as its rehearsed parent (rebaseTo of the parent)",
  })
  @IsOptional()
  @IsBoolean()
  rebaseWithParent?: boolean;
}
