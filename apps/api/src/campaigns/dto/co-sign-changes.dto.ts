import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsIsoDateTime, OptionalNotNull } from '@contract/validators';
import { AGENCY_CODE } from '@domain/definition';

const AGENCY_MESSAGE = '$property must be an agency code';

/** POST /campaigns/:id/co-sign/signers (加签). */
export class AddSignerDto {
  @ApiProperty({ description: 'the agency to add, by its code in the directory', example: 'MOST' })
  @Matches(AGENCY_CODE, { message: AGENCY_MESSAGE })
  agency: string;

  @ApiPropertyOptional({ description: '1-based position in the signature order (default: last)', type: 'integer', minimum: 1 })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(1000)
  order?: number;
}

/** DELETE /campaigns/:id/co-sign/signers/:agency (减签): the body. */
export class RemoveSignerDto {
  @ApiProperty({ description: 'why the co-signer is removed (it is told)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;
}

/** The path of DELETE /campaigns/:id/co-sign/signers/:agency. */
export class SignerParamsDto {
  @ApiProperty({ description: 'the campaign’s id', format: 'uuid' })
  @IsString()
  id: string;

  @ApiProperty({ description: 'the co-signer to remove', example: 'CAC' })
  @Matches(AGENCY_CODE, { message: AGENCY_MESSAGE })
  agency: string;
}

/** PATCH /campaigns/:id/co-sign: the co-signing deadline moves. */
export class MoveCoSignDeadlineDto {
  @ApiProperty({ description: 'the new co-signing deadline, in the future', example: '2026-08-04T18:00:00+08:00' })
  @IsIsoDateTime()
  dueAt: string;
}

/** POST /campaigns/:id/co-sign/urge (手动催办). */
export class UrgeDto {
  @ApiPropertyOptional({ description: 'the pending co-signer to urge; none: every pending co-signer' })
  @IsOptional()
  @Matches(AGENCY_CODE, { message: AGENCY_MESSAGE })
  agency?: string;

  @ApiPropertyOptional({ description: 'a message from the lead, sent with the urge' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  message?: string;
}
