import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, Matches, Max, Min } from 'class-validator';
import { QueryInt } from '@contract/validators';
import { SHA256_HEX } from '@domain/hashing';
import { PG_INT_MAX } from '@contract/validators';

/** `?version=N` of notice.pdf and notice.docx: any version of the notice (default: the current one). */
export class NoticeFileQueryDto {
  @ApiPropertyOptional({ description: 'the version to render (default: the current one)', type: 'integer', minimum: 1, maximum: PG_INT_MAX })
  @IsOptional()
  @QueryInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version?: number;
}

/**
 * POST /api/v1/verify: the SHA-256 of a notice's text (as GET …/notice shows it), as JSON — or,
 * as multipart/form-data, a `file` (a PDF the system rendered) and nothing else.
 */
export class VerifyDto {
  @ApiPropertyOptional({ description: 'SHA-256 of the notice text (64 hex digits)', example: '134440409dcb19c7101b945a8b6123c36bf701335e7d91542ebf3d77d65a25eb' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value))
  @Matches(SHA256_HEX, { message: '$property must be the hex SHA-256 of the notice text (64 characters)' })
  sha256?: string;
}
