import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { AGENCY_CODE, MAX_BODY_CHARS } from '@domain/definition';
import { DOC_NUMBER_MAX, DOC_NUMBER_PREFIX, DOC_PREFIX_MAX } from '@domain/doc-number';
import { YEAR_MAX, YEAR_MIN } from '@domain/iso';
import { IsName } from '@contract/validators';

const SHA256 = /^[0-9a-f]{64}$/;
const SHA256_MESSAGE = '$property must be the lowercase hex SHA-256 of the notice text (64 characters)';

export class DecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @ApiProperty({ description: 'SHA-256 of the exact text decided on', example: 'e3b0c442…' })
  @Matches(SHA256, { message: SHA256_MESSAGE })
  noticeSha256: string;

  @ApiPropertyOptional({ description: 'required to reject: the reason' })
  @IsOptional()
  @IsString()
  @MaxLength(4000)
  comment?: string;

  @ApiPropertyOptional({ description: 'the deciding agency; when given it must be the token’s own agency' })
  @IsOptional()
  @Matches(AGENCY_CODE, { message: '$property must be an agency code' })
  agency?: string;
}

export class RevisionDto {
  @ApiProperty({ description: 'the full revised notice text' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(MAX_BODY_CHARS)
  body: string;

  @ApiPropertyOptional({ description: 'what changed and why' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class SignOffDto {
  @ApiProperty({ description: 'SHA-256 of the text being signed off: the current, fully approved version' })
  @Matches(SHA256, { message: SHA256_MESSAGE })
  noticeSha256: string;
}

export class WithdrawDto {
  @ApiProperty({ description: 'why the notice is withdrawn (told to everyone pending)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason: string;
}

export class SetSequenceDto {
  @ApiProperty({ description: 'the number the next issued notice of this prefix and year gets', example: 50, type: 'integer', minimum: 1, maximum: DOC_NUMBER_MAX })
  @IsInt()
  @Min(1)
  @Max(DOC_NUMBER_MAX)
  nextNumber: number;
}

/** PUT /doc-number-sequences/:prefix/:year */
export class SequenceParamsDto {
  @ApiProperty({ description: '发文字号 prefix (机关代字), e.g. 科协发', maxLength: DOC_PREFIX_MAX })
  @MaxLength(DOC_PREFIX_MAX)
  @Matches(DOC_NUMBER_PREFIX, { message: '$property must be a document-number prefix without spaces or brackets' })
  @IsName()
  prefix: string;

  @ApiProperty({ description: 'the issue year', example: 2026, minimum: YEAR_MIN, maximum: YEAR_MAX })
  @Matches(/^\d{4}$/, { message: `$property must be a year between ${YEAR_MIN} and ${YEAR_MAX}` })
  year: string;
}

/** PUT /doc-number-prefixes/:prefix (the platform's administrators): which agency a prefix belongs to. */
export class AssignPrefixDto {
  @ApiProperty({ description: 'the agency the prefix belongs to', example: 'HA_CAST' })
  @Matches(AGENCY_CODE, { message: '$property must be an agency code' })
  agency: string;
}

/** The prefix of /doc-number-prefixes/:prefix. */
export class PrefixParamDto {
  @ApiProperty({ description: '发文字号 prefix (机关代字), e.g. 科协发', maxLength: DOC_PREFIX_MAX })
  @MaxLength(DOC_PREFIX_MAX)
  @Matches(DOC_NUMBER_PREFIX, { message: '$property must be a document-number prefix without spaces or brackets' })
  @IsName()
  prefix: string;
}
