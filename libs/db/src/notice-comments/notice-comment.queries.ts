import type { Db } from '../sql';
import { row, rows, selectColumns, updateReturning } from '../sql';
import type { CommentAuthorRole } from './notice-comment.entity';
import { NoticeCommentEntity, NoticeCommentReplyEntity } from './notice-comment.entity';

/** Comments (意见) on passages of a campaign's notice, and their replies. */

export type NoticeCommentRow = Pick<
  NoticeCommentEntity,
  'id' | 'campaignId' | 'version' | 'start' | 'end' | 'quote' | 'text' | 'agency' | 'author' | 'authorRole' | 'createdAt' | 'resolvedAt' | 'resolvedBy'
>;
export type NoticeCommentReplyRow = Pick<NoticeCommentReplyEntity, 'id' | 'commentId' | 'agency' | 'author' | 'text' | 'createdAt'>;

const COMMENT_COLUMNS = ['id', 'campaignId', 'version', 'start', 'end', 'quote', 'text', 'agency', 'author', 'authorRole', 'createdAt', 'resolvedAt', 'resolvedBy'] as const;
const REPLY_COLUMNS = ['id', 'commentId', 'agency', 'author', 'text', 'createdAt'] as const;

export async function insertComment(
  db: Db,
  c: Pick<NoticeCommentRow, 'id' | 'campaignId' | 'version' | 'start' | 'end' | 'quote' | 'text' | 'agency' | 'author'> & { authorRole: CommentAuthorRole },
): Promise<NoticeCommentRow> {
  const [inserted] = await rows<NoticeCommentRow>(
    db,
    `INSERT INTO notice_comments AS c (id, campaign_id, version, start_offset, end_offset, quote, text, agency, author, author_role)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     RETURNING ${selectColumns(db, NoticeCommentEntity, 'c', COMMENT_COLUMNS)}`,
    [c.id, c.campaignId, c.version, c.start, c.end, c.quote, c.text, c.agency, c.author, c.authorRole],
  );
  return inserted;
}

/** One comment of the campaign; `forUpdate` locks it for the caller's transaction (a reply racing a resolution). */
export function findComment(db: Db, campaignId: string, id: string, forUpdate = false): Promise<NoticeCommentRow | null> {
  return row<NoticeCommentRow>(
    db,
    `SELECT ${selectColumns(db, NoticeCommentEntity, 'c', COMMENT_COLUMNS)} FROM notice_comments c
      WHERE c.campaign_id = $1 AND c.id = $2${forUpdate ? ' FOR UPDATE' : ''}`,
    [campaignId, id],
  );
}

/**
 * The comments that may show in the view of `version`: those made on it or on an earlier one,
 * oldest first (libs/domain's shownInVersion picks among them).
 */
export function commentsUpTo(db: Db, campaignId: string, version: number): Promise<NoticeCommentRow[]> {
  return rows<NoticeCommentRow>(
    db,
    `SELECT ${selectColumns(db, NoticeCommentEntity, 'c', COMMENT_COLUMNS)} FROM notice_comments c
      WHERE c.campaign_id = $1 AND c.version <= $2
      ORDER BY c.created_at, c.id`,
    [campaignId, version],
  );
}

/** The replies to these comments, oldest first. */
export function repliesOf(db: Db, commentIds: readonly string[]): Promise<NoticeCommentReplyRow[]> {
  if (!commentIds.length) return Promise.resolve([]);
  return rows<NoticeCommentReplyRow>(
    db,
    `SELECT ${selectColumns(db, NoticeCommentReplyEntity, 'r', REPLY_COLUMNS)} FROM notice_comment_replies r
      WHERE r.comment_id = ANY($1::uuid[])
      ORDER BY r.created_at, r.id`,
    [commentIds],
  );
}

export async function insertReply(db: Db, r: Pick<NoticeCommentReplyRow, 'id' | 'commentId' | 'agency' | 'author' | 'text'>): Promise<NoticeCommentReplyRow> {
  const [inserted] = await rows<NoticeCommentReplyRow>(
    db,
    `INSERT INTO notice_comment_replies AS r (id, comment_id, agency, author, text) VALUES ($1, $2, $3, $4, $5)
     RETURNING ${selectColumns(db, NoticeCommentReplyEntity, 'r', REPLY_COLUMNS)}`,
    [r.id, r.commentId, r.agency, r.author, r.text],
  );
  return inserted;
}

/** Marks an open comment resolved; null when it was resolved already (by this call's rival, say). */
export async function resolveComment(db: Db, campaignId: string, id: string, by: string): Promise<NoticeCommentRow | null> {
  const [resolved] = await updateReturning<NoticeCommentRow>(
    db,
    `UPDATE notice_comments c SET resolved_at = now(), resolved_by = $3
      WHERE c.campaign_id = $1 AND c.id = $2 AND c.resolved_at IS NULL
      RETURNING ${selectColumns(db, NoticeCommentEntity, 'c', COMMENT_COLUMNS)}`,
    [campaignId, id, by],
  );
  return resolved ?? null;
}
