import { ApiProperty } from '@nestjs/swagger';
import { IsInt, Matches, Max, MaxLength, Min } from 'class-validator';
import { AGENCY_CODE } from '@domain/definition';
import { DOC_NUMBER_MAX, DOC_NUMBER_PREFIX, DOC_PREFIX_MAX } from '@domain/doc-number';
import { YEAR_MAX, YEAR_MIN } from '@domain/iso';
import { IsName } from '@contract/validators';

/** The body of PUT /doc-number-sequences/:prefix/:year: where the sequence stands. */
export class SetSequenceDto {
  @ApiProperty({ description: 'the number the next issued notice of this prefix and year gets', example: 50, type: 'integer', minimum: 1, maximum: DOC_NUMBER_MAX })
  @IsInt()
  @Min(1)
  @Max(DOC_NUMBER_MAX)
  nextNumber: number;
}

/** The path of PUT /doc-number-sequences/:prefix/:year */
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
