/**
 * The DTOs of comments (意见) on passages of the notice. Offsets count Unicode code points of the
 * version's text (libs/domain/src/notice-comments.ts); whether the quote is what the version says
 * there is checked against the text by the API (a 400 naming `quote`, `start` or `end`).
 */
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { COMMENT_TEXT_MAX, QUOTE_MAX } from '@domain/notice-comments';
import { QueryInt } from './validators';
import { PG_INT_MAX } from './validators';

/** The largest version or offset PostgreSQL's int holds. */
const NOT_BLANK = /\S/;

export class CreateNoticeCommentDto {
  @ApiProperty({ description: 'the version of the notice commented on (the current one, or an earlier one)', type: 'integer', minimum: 1, example: 1 })
  @IsInt({ message: '$property must be a whole number' })
  @Min(1)
  @Max(PG_INT_MAX)
  version: number;

  @ApiProperty({ description: 'where the passage starts: an offset in Unicode code points of the version’s text, from 0', type: 'integer', minimum: 0, example: 120 })
  @IsInt({ message: '$property must be a whole number' })
  @Min(0)
  @Max(PG_INT_MAX)
  start: number;

  @ApiProperty({ description: 'where the passage ends (exclusive), in code points: more than start', type: 'integer', minimum: 1, example: 124 })
  @IsInt({ message: '$property must be a whole number' })
  @Min(1)
  @Max(PG_INT_MAX)
  end: number;

  @ApiProperty({ description: 'the passage itself: exactly the version’s text from start to end', example: '安全生产', maxLength: QUOTE_MAX })
  @IsString()
  @MinLength(1)
  // A code point is at most two UTF-16 units: the rule in code points is the domain's.
  @MaxLength(2 * QUOTE_MAX)
  quote: string;

  @ApiProperty({ description: 'the comment', example: '建议补充网络安全科普内容', maxLength: COMMENT_TEXT_MAX })
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(COMMENT_TEXT_MAX)
  text: string;
}

export class NoticeCommentReplyDto {
  @ApiProperty({ description: 'the reply', example: '已在第2稿中补充', maxLength: COMMENT_TEXT_MAX })
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(COMMENT_TEXT_MAX)
  text: string;
}

export class ResolveNoticeCommentDto {
  @ApiPropertyOptional({ description: 'a closing reply, kept with the comment (optional)', example: '已采纳', maxLength: COMMENT_TEXT_MAX })
  @IsOptional()
  @IsString()
  @Matches(NOT_BLANK, { message: '$property must not be blank' })
  @MaxLength(COMMENT_TEXT_MAX)
  text?: string;
}

export class NoticeCommentsQueryDto {
  @ApiPropertyOptional({ description: 'the version whose view to show (default: the current one)', type: 'integer', minimum: 1, example: 2 })
  @IsOptional()
  @QueryInt()
  @Min(1)
  @Max(PG_INT_MAX)
  version?: number;
}

/** The path of …/notice/comments/:cid/…: the campaign and the comment. */
export class NoticeCommentParamsDto {
  @ApiProperty({ description: 'the campaign’s id', format: 'uuid' })
  @IsString()
  id: string;

  @ApiProperty({ description: 'the comment’s id', format: 'uuid' })
  @IsString()
  cid: string;
}
