import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { AGENCY_CODE, MAX_BODY_CHARS } from '@domain/definition';
import { SHA256_HEX } from '@domain/hashing';

const SHA256_MESSAGE = '$property must be the lowercase hex SHA-256 of the notice text (64 characters)';

export class DecisionDto {
  @ApiProperty({ enum: ['approve', 'reject'] })
  @IsIn(['approve', 'reject'])
  decision: 'approve' | 'reject';

  @ApiProperty({ description: 'SHA-256 of the exact text decided on', example: 'e3b0c442…' })
  @Matches(SHA256_HEX, { message: SHA256_MESSAGE })
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
  @Matches(SHA256_HEX, { message: SHA256_MESSAGE })
  noticeSha256: string;
}

export class WithdrawDto {
  @ApiProperty({ description: 'why the notice is withdrawn (told to everyone pending)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(4000)
  reason: string;
}
