import { ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, Matches } from 'class-validator';
import { AGENCY_CODE, KIND_CODE, REGION_CODE } from '@domain/definition';
import { queryBoolean } from '@domain/query';
import { Paged } from '@contract/paging';

export class ReceiptDto {
  @ApiPropertyOptional({ description: 'the acknowledging body: the caller’s own agency (default)' })
  @IsOptional()
  @Matches(AGENCY_CODE, { message: '$property must be an agency code' })
  agency?: string;
}

export const RECIPIENT_STATES = ['pending', 'acknowledged', 'relayed', 'not-relayed'] as const;
export const SUMMARY_STATES = ['submitted', 'on-time', 'late', 'missing'] as const;

export class RecipientQueryDto extends Paged(50, 500) {
  @ApiPropertyOptional({ enum: ['main', 'cc'] })
  @IsOptional()
  @IsIn(['main', 'cc'])
  role?: 'main' | 'cc';

  @ApiPropertyOptional({ enum: RECIPIENT_STATES })
  @IsOptional()
  @IsIn(RECIPIENT_STATES)
  state?: (typeof RECIPIENT_STATES)[number];

  @ApiPropertyOptional({ enum: SUMMARY_STATES })
  @IsOptional()
  @IsIn(SUMMARY_STATES)
  summary?: (typeof SUMMARY_STATES)[number];

  @ApiPropertyOptional({ description: 'region code, e.g. HA' })
  @IsOptional()
  @Matches(REGION_CODE, { message: '$property must be a region code such as HA or CN' })
  region?: string;

  @ApiPropertyOptional({ description: 'department kind, e.g. CAST' })
  @IsOptional()
  @Matches(KIND_CODE, { message: '$property must be a kind such as CAST' })
  kind?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean({ message: '$property must be true or false' })
  reporting?: boolean;
}

/**
 * GET …/recipients/by-region: the list's filters but paging (one row per region). Without a
 * region the rows are provinces; with one, the regions inside it (the province and its cities).
 */
export class RecipientRegionQueryDto extends OmitType(RecipientQueryDto, ['page', 'pageSize'] as const) {}

export const DELIVERY_STATES = ['delivered', 'undelivered'] as const;

/** GET …/delivery: the recipients' filters, and where delivery stands. */
export class DeliveryQueryDto extends RecipientQueryDto {
  @ApiPropertyOptional({ enum: DELIVERY_STATES, description: 'delivered: reached a person by e-mail or webhook' })
  @IsOptional()
  @IsIn(DELIVERY_STATES)
  delivery?: (typeof DELIVERY_STATES)[number];
}
