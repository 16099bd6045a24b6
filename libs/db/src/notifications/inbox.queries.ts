import type { Db } from '../sql';
import { row, rows, sqlInt } from '../sql';
import type { NotificationKind, NotificationRole } from '@domain/messages';
import type { NotificationEntity } from './notification.entity';

/**
 * A body's inbox: the notifications addressed to it in the roles its reader holds
 * (libs/domain/src/inbox.ts decides which), newest first, and marking them read. It reads the
 * outbox the workflows write (outbox.ts); it never writes a message.
 */

export interface InboxFilter {
  agency: string;
  /** The roles read (an empty list reads nothing). */
  roles: readonly NotificationRole[];
  /** Only these kinds (an empty list matches nothing; absent: every kind). */
  kinds?: readonly NotificationKind[];
  campaignId?: string;
  /** true: only unread ones; false: only read ones; absent: both. */
  unread?: boolean;
}

/** A notification with the campaign it is about (null for what concerns no campaign, such as a webhook disabled). */
export type InboxRow = Pick<NotificationEntity, 'id' | 'kind' | 'role' | 'campaignId' | 'reason' | 'data' | 'createdAt' | 'readAt' | 'readBy'> & {
  campaignTitle: string | null;
  docNumber: string | null;
};

export interface InboxPage {
  items: InboxRow[];
  /** How many match every filter (the pages' total). */
  total: number;
  /** How many of those matching the kind and campaign filters are unread, whatever `unread` asks. */
  unread: number;
}

function where(f: InboxFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [f.agency, f.roles];
  const conds = ['n.agency = $1', 'n.role = ANY($2::text[])'];
  if (f.kinds !== undefined) {
    params.push(f.kinds);
    conds.push(`n.kind = ANY($${params.length}::text[])`);
  }
  if (f.campaignId !== undefined) {
    params.push(f.campaignId);
    conds.push(`n.campaign_id = $${params.length}::uuid`);
  }
  return { sql: conds.join(' AND '), params };
}

/**
 * One page of the body's inbox, newest first (notifications_inbox_idx: agency, role, created_at,
 * id), with the campaign's title and document number, the total and the unread count.
 */
export async function inboxPage(db: Db, f: InboxFilter, page: { page: number; pageSize: number }): Promise<InboxPage> {
  const { sql, params } = where(f);
  const readState = f.unread === undefined ? 'true' : f.unread ? 'n.read_at IS NULL' : 'n.read_at IS NOT NULL';
  const pageSize = sqlInt(page.pageSize, 100_000);
  const offset = sqlInt((page.page - 1) * pageSize, Number.MAX_SAFE_INTEGER);
  const [counted, items] = await Promise.all([
    row<{ total: number; unread: number }>(
      db,
      `SELECT count(*) FILTER (WHERE ${readState})::int AS total, count(*) FILTER (WHERE n.read_at IS NULL)::int AS unread
         FROM notifications n WHERE ${sql}`,
      params,
    ),
    rows<InboxRow>(
      db,
      `SELECT n.id::text AS id, n.kind, n.role, n.campaign_id AS "campaignId", n.reason, n.data, n.created_at AS "createdAt",
              n.read_at AS "readAt", n.read_by AS "readBy", c.title AS "campaignTitle", c.doc_number AS "docNumber"
         FROM notifications n
         LEFT JOIN campaigns c ON c.id = n.campaign_id
        WHERE ${sql} AND ${readState}
        ORDER BY n.created_at DESC, n.id DESC
        LIMIT ${pageSize} OFFSET ${offset}`,
      params,
    ),
  ]);
  return { items, total: counted?.total ?? 0, unread: counted?.unread ?? 0 };
}

export interface MarkRead {
  agency: string;
  roles: readonly NotificationRole[];
  /** Notification ids (bigint, as text). */
  ids: readonly string[];
  /** Who read them (the token's subject). */
  by: string;
  at: Date | string;
}

/**
 * Marks notifications read — all of them, or none: when any id is not addressed to this body in
 * one of these roles (another body's, another role's, or no such notification), nothing is marked
 * and those ids are answered in `notYours`, in the order given. One statement. A notification read
 * before keeps its first reading; `marked` counts those this call marked.
 */
export async function markRead(db: Db, m: MarkRead): Promise<{ marked: number; notYours: string[] }> {
  const result = await row<{ marked: number; notYours: string[] | null }>(
    db,
    `WITH wanted AS (
       SELECT DISTINCT ON (w.id) w.id, w.pos FROM unnest($1::bigint[]) WITH ORDINALITY AS w(id, pos) ORDER BY w.id, w.pos),
     mine AS (
       SELECT n.id FROM notifications n JOIN wanted w ON w.id = n.id WHERE n.agency = $2 AND n.role = ANY($3::text[])),
     not_yours AS (
       SELECT w.id, w.pos FROM wanted w WHERE NOT EXISTS (SELECT 1 FROM mine WHERE mine.id = w.id)),
     marked AS (
       UPDATE notifications n SET read_at = $4::timestamptz, read_by = $5
         FROM mine
        WHERE n.id = mine.id AND n.read_at IS NULL AND NOT EXISTS (SELECT 1 FROM not_yours)
       RETURNING n.id)
     SELECT (SELECT count(*) FROM marked)::int AS marked,
            (SELECT array_agg(id::text ORDER BY pos) FROM not_yours) AS "notYours"`,
    [m.ids, m.agency, m.roles, m.at, m.by],
  );
  return { marked: result?.marked ?? 0, notYours: result?.notYours ?? [] };
}
