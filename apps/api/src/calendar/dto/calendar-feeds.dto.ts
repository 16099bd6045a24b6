import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { UUID } from '@domain/ids';
import { EmptyBodyDto } from '@contract/empty-body.dto';
import { Paged } from '@contract/paging';

/** POST /calendar-feeds takes no body: a feed is always the caller's own agency's. */
export class CreateCalendarFeedDto extends EmptyBodyDto {}

/** GET /calendar-feeds: the caller's agency's feeds in force, paged. */
export class CalendarFeedQueryDto extends Paged(50, 200) {}

export class CalendarFeedParamDto {
  @ApiProperty({ description: 'the feed’s id', format: 'uuid' })
  @Matches(UUID, { message: '$property must be a calendar feed id (UUID)' })
  id: string;
}
