import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Max, Min } from 'class-validator';
import { QueryInt } from './validators';

/** The last page anyone may ask for: (page − 1) × pageSize stays far inside what OFFSET and a JS number hold. */
export const MAX_PAGE = 1_000_000;

/**
 * `page` and `pageSize` of every paged list: one definition, with each list's own default and
 * largest page size (the outbox pages by the thousand, the other lists by the fifty).
 */
export function Paged(defaultSize: number, maxSize: number) {
  class PageQueryDto {
    @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_PAGE, default: 1 })
    @IsOptional()
    @QueryInt()
    @Min(1)
    @Max(MAX_PAGE)
    page?: number;

    @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: maxSize, default: defaultSize })
    @IsOptional()
    @QueryInt()
    @Min(1)
    @Max(maxSize)
    pageSize?: number;
  }
  return PageQueryDto;
}
