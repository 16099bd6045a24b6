import { Module } from '@nestjs/common';
import { CalendarController, CalendarFeedsController } from './calendar.controller';
import { CalendarService } from './calendar.service';

/** Calendar feeds (iCalendar) of the deadlines that concern a body (issue 9, channel 4). */
@Module({
  controllers: [CalendarFeedsController, CalendarController],
  providers: [CalendarService],
})
export class CalendarModule {}
