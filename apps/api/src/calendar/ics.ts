import ical, { ICalAlarmType, ICalEventTransparency } from 'ical-generator';
import type { FeedEvent } from '@domain/calendar-feed';

/** How often calendar applications should fetch the feed again (REFRESH-INTERVAL, X-PUBLISHED-TTL). */
export const FEED_REFRESH_SECONDS = 3600;

/**
 * A feed's events as iCalendar (RFC 5545) text, by ical-generator. Timed events are written in
 * UTC (`…Z`), which every calendar application reads as the same instant; a TZID would need a
 * VTIMEZONE block for Asia/Shanghai that some applications ignore. All-day events are dates
 * (VALUE=DATE), which have no zone: the domain already chose the Beijing days. X-WR-TIMEZONE
 * tells applications that honour it to show the calendar in Beijing time. Events are
 * TRANSPARENT: a deadline does not make anybody busy.
 */
export function renderIcs(feed: { name: string; events: readonly FeedEvent[]; now: Date }): string {
  const calendar = ical({
    name: feed.name,
    prodId: { company: 'joint-notices', product: 'calendar-feed', language: 'ZH' },
    ttl: FEED_REFRESH_SECONDS,
    x: { 'X-WR-TIMEZONE': 'Asia/Shanghai' },
  });
  const at = (e: FeedEvent, value: string) => (e.allDay ? new Date(`${value}T00:00:00Z`) : new Date(value));
  for (const e of feed.events) {
    calendar.createEvent({
      id: e.uid,
      sequence: e.sequence,
      stamp: feed.now,
      start: at(e, e.start),
      end: e.end === null ? null : at(e, e.end),
      allDay: e.allDay,
      summary: e.summary,
      description: e.description,
      url: e.url,
      transparency: ICalEventTransparency.TRANSPARENT,
      alarms: e.alarms.map((a) => ({ type: ICalAlarmType.display, triggerBefore: a.beforeSeconds, description: a.description })),
    });
  }
  return calendar.toString();
}
