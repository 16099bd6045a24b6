import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@config/config';
import { agencyExists } from '@db/agencies/agency.queries';
import { createCalendarFeed, deadlinesOf, findCalendarFeedByTokenHash, listCalendarFeeds, revokeCalendarFeed } from '@db/calendar-feeds/calendar-feed.queries';
import type { Principal } from '@domain/auth';
import { feedEvents } from '@domain/calendar-feed';
import { sha256Hex } from '@domain/hashing';
import { ApiError } from '../common/api-error';
import { isoOrNull } from '../common/dates';
import type { CalendarFeedQueryDto } from './dto/calendar-feeds.dto';
import { renderIcs } from './ics';

/** 32 random bytes, base64url: 43 characters. Anything else cannot be a feed's token. */
const FEED_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/**
 * Calendar feeds (iCalendar) of the deadlines that concern a body. The feed's URL carries a token:
 * the only credential a calendar application can send. It is shown once, at creation; the
 * database keeps its SHA-256, so a copy of the database opens no feed. A feed is looked up by that
 * hash through a unique index: an attacker's guess is hashed first, so how long the lookup takes
 * says nothing about any real token.
 */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** POST /calendar-feeds: a new feed of the caller's own agency, and the only time its URL is shown. */
  async create(who: Principal): Promise<{ id: string; url: string }> {
    if (!(await agencyExists(this.ds, who.agency))) throw ApiError.forbidden(`${who.agency} is not in the directory: it has no deadlines to follow`);
    const token = randomBytes(32).toString('base64url');
    const id = randomUUID();
    await createCalendarFeed(this.ds, { id, agency: who.agency, tokenSha256: sha256Hex(token), createdBy: who.sub, at: new Date() });
    return { id, url: `${this.config.publicUrl}/api/v1/calendar/${token}.ics` };
  }

  /** GET /calendar-feeds: the agency's feeds in force; their URLs are not kept, so not shown. */
  async list(who: Principal, q: CalendarFeedQueryDto) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const { total, items } = await listCalendarFeeds(this.ds, who.agency, { page, pageSize });
    return {
      total,
      page,
      pageSize,
      items: items.map((f) => ({ id: f.id, agency: f.agency, createdBy: f.createdBy, createdAt: isoOrNull(f.createdAt) })),
    };
  }

  /** DELETE /calendar-feeds/:id: the feed's URL stops working at once. Another agency's feed is not found. */
  async revoke(who: Principal, id: string): Promise<void> {
    const revoked = await revokeCalendarFeed(this.ds, id, who.agency, new Date());
    if (!revoked) throw ApiError.notFound(`calendar feed ${id}`);
  }

  /**
   * GET /calendar/:token.ics: the feed as iCalendar text. An unknown token and a revoked one get
   * the same 404, and no message names the token.
   */
  async ics(token: string): Promise<string> {
    const feed = FEED_TOKEN.test(token) ? await findCalendarFeedByTokenHash(this.ds, sha256Hex(token)) : null;
    if (!feed) throw ApiError.notFound('calendar feed');
    const events = feedEvents(await deadlinesOf(this.ds, feed.agency), { publicUrl: this.config.publicUrl });
    return renderIcs({ name: `${feed.agencyName}：联合发文日程`, events, now: new Date() });
  }
}
