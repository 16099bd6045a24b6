import { ApiProperty } from '@nestjs/swagger';
import { IsString, Max, Min } from 'class-validator';
import { QueryInt } from '@contract/validators';
import { PG_INT_MAX } from '@contract/validators';

/** The largest version a notice_versions row holds (PostgreSQL int). */

/** The path of GET /campaigns/:id/notice/versions/:version. */
export class NoticeVersionParamsDto {
  @ApiProperty({ description: 'the campaign’s id', format: 'uuid' })
  @IsString()
  id: string;

  @ApiProperty({ description: 'the version of the notice (1 at launch, one more per revision)', type: 'integer', minimum: 1, maximum: PG_INT_MAX, example: 1 })
  @QueryInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;
}

/** The path of GET /campaigns/:id/notice/versions/:a/diff/:b: two versions, as :version is one. */
export class NoticeDiffParamsDto {
  @ApiProperty({ description: 'the campaign’s id', format: 'uuid' })
  @IsString()
  id: string;

  @ApiProperty({ description: 'the version to compare from', type: 'integer', minimum: 1, maximum: PG_INT_MAX, example: 1 })
  @QueryInt()
  @Min(1)
  @Max(PG_INT_MAX)
  a: number;

  @ApiProperty({ description: 'the version to compare to', type: 'integer', minimum: 1, maximum: PG_INT_MAX, example: 2 })
  @QueryInt()
  @Min(1)
  @Max(PG_INT_MAX)
  b: number;
}
