import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@config/config';
import { agencyNames } from '@db/agencies/agency.queries';
import type { InboxRow } from '@db/notifications/inbox.queries';
import { inboxPage, markRead } from '@db/notifications/inbox.queries';
import type { Principal } from '@domain/auth';
import type { FieldProblem } from '@domain/field-problem';
import { BIGSERIAL_ID } from '@domain/ids';
import { DEFAULT_LANGUAGE } from '@domain/contact';
import type { Language } from '@domain/contact';
import { inboxRoles } from '@domain/inbox';
import { renderNotification } from '@domain/messages';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { isoOrNull as iso } from '../common/dates';
import type { InboxQueryDto, MarkReadDto } from './dto/inbox.dto';
import { consoleLinks } from '@domain/console-links';

/**
 * The inbox (收件箱): what the caller's body was told, in the roles the caller's token holds
 * (libs/domain/src/inbox.ts), and marking it read. Always the caller's own body: there is no way to
 * name another one, not even for the platform's administrators.
 */
@Injectable()
export class InboxService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** GET /api/v1/inbox: newest first, with the total and the unread count under the kind and campaign filters. */
  async list(who: Principal, q: InboxQueryDto) {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 50;
    const found = await inboxPage(
      this.ds,
      { agency: who.agency, roles: inboxRoles(who.roles), kinds: q.kind, campaignId: q.campaign, unread: q.unread },
      { page, pageSize },
    );
    const names = await agencyNames(this.ds);
    const shape = inboxItem(q.lang ?? DEFAULT_LANGUAGE, (code) => names.get(code) ?? code, this.config.publicUrl);
    return { total: found.total, unread: found.unread, page, pageSize, items: found.items.map(shape) };
  }

  /**
   * POST /api/v1/inbox/read: all the ids, or none. An id that is not in the caller's inbox —
   * another body's, another role's, or none at all — is a 404 naming it, and nothing is marked.
   */
  async markRead(who: Principal, dto: MarkReadDto): Promise<{ marked: number }> {
    const problems: FieldProblem[] = [];
    dto.ids.forEach((v, i) => {
      if (typeof v !== 'string' || !BIGSERIAL_ID.test(v)) problems.push({ field: `ids.${i}`, message: 'must be a notification id (a string of digits, as the inbox lists it)' });
    });
    if (problems.length) throw ApiError.validation(problems);
    const ids = dto.ids as string[];
    const { marked, notYours } = await markRead(this.ds, { agency: who.agency, roles: inboxRoles(who.roles), ids, by: who.sub, at: new Date() });
    if (notYours.length) {
      const missing = new Set(notYours);
      throw new ApiError(
        HttpStatus.NOT_FOUND,
        ApiErrorCode.NOT_FOUND,
        `notification${notYours.length > 1 ? 's' : ''} ${notYours.join(', ')} not found in the inbox of ${who.agency} (for the roles ${who.roles.join(', ')}); nothing was marked`,
        ids.flatMap((id, i) => (missing.has(id) ? [{ field: `ids.${i}`, message: `notification ${id} is not in this inbox` }] : [])),
      );
    }
    return { marked };
  }
}

/**
 * One inbox item as the API shows it: the one place an item is shaped. `subject` and `text` are
 * rendered from the facts by the same templates as the mail (zh-CN unless `lang=en`); `reason` is
 * the English text the outbox stored, for the readers of before.
 */
export function inboxItem(lang: Language, agencyName: (code: string) => string, publicUrl: string) {
  return (n: InboxRow) => {
    const campaign = n.campaignId ? { id: n.campaignId, title: n.campaignTitle ?? '', docNumber: n.docNumber } : null;
    const link = campaign ? consoleLinks.campaign(publicUrl, campaign.id) : consoleLinks.inbox(publicUrl);
    const rendered = renderNotification(lang, { kind: n.kind, role: n.role, data: n.data, reason: n.reason }, { campaign, agencyName, link });
    return {
      id: n.id,
      kind: n.kind,
      role: n.role,
      campaign: n.campaignId ? { id: n.campaignId, title: n.campaignTitle, docNumber: n.docNumber } : null,
      subject: rendered.subject,
      text: rendered.text,
      reason: n.reason,
      data: n.data,
      createdAt: iso(n.createdAt),
      readAt: iso(n.readAt),
    };
  };
}
