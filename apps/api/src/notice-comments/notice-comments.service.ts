import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { CampaignEntity } from '@db/campaigns/campaign.entity';
import { findNoticeText, noticeVersions } from '@db/campaigns/notice.queries';
import type { CommentAuthorRole } from '@db/notice-comments/notice-comment.entity';
import type { NoticeCommentReplyRow, NoticeCommentRow } from '@db/notice-comments/notice-comment.queries';
import { commentsUpTo, findComment, insertComment, insertReply, repliesOf, resolveComment } from '@db/notice-comments/notice-comment.queries';
import { writeNotifications } from '@db/notifications/outbox';
import { atomically } from '@db/sql';
import type { CreateNoticeCommentDto, NoticeCommentReplyDto, ResolveNoticeCommentDto } from '@contract/notice-comment.dto';
import type { Principal } from '@domain/auth';
import { isUuid } from '@domain/ids';
import type { Span } from '@domain/notice-comments';
import { anchorPassages, excerpt, OFFSET_UNIT, passageProblems, shownInVersion } from '@domain/notice-comments';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { CampaignAccess } from '../campaigns/campaign-access';

/** Phases in which the text is still being co-signed: comments and replies are taken. */
const OPEN_PHASES: readonly string[] = ['co-signing', 'awaiting-sign-off'];

const iso = (d: Date | string) => new Date(d).toISOString();

/** A reply as the API answers it. */
function replyView(r: NoticeCommentReplyRow) {
  return { id: r.id, agency: r.agency, by: r.author, text: r.text, createdAt: iso(r.createdAt) };
}

/** A comment as the API answers it, anchored in the viewed version (null: its passage is gone there). */
function commentView(c: NoticeCommentRow, replies: NoticeCommentReplyRow[], anchor: (Span & { version: number }) | null) {
  return {
    id: c.id,
    version: c.version,
    start: c.start,
    end: c.end,
    quote: c.quote,
    text: c.text,
    agency: c.agency,
    by: c.author,
    createdAt: iso(c.createdAt),
    status: c.resolvedAt ? ('resolved' as const) : ('open' as const),
    resolvedAt: c.resolvedAt ? iso(c.resolvedAt) : null,
    resolvedBy: c.resolvedBy,
    anchor,
    stale: anchor === null,
    replies: replies.map(replyView),
  };
}

/**
 * Comments (意见) on passages of the notice: a co-signer comments without deciding, the lead's
 * secretariat answers or marks a comment resolved, and open comments are carried to later versions,
 * anchored where their passage is now (libs/domain/src/notice-comments.ts).
 *
 * Each write and the message it sends commit together (the outbox, one transaction). They are not
 * in the campaign's hash-chained audit log: its entries are numbered and written by the campaign's
 * workflow alone (workflows/ledger.ts), and a comment is not a co-signing decision; the comments'
 * own tables keep who said what and when.
 */
@Injectable()
export class NoticeCommentsService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly access: CampaignAccess,
  ) {}

  /** GET: the view of a version (default: the current one). */
  async list(who: Principal, id: string, version?: number) {
    const c = await this.access.find(id);
    await this.mayRead(who, c);
    return this.view(c, version ?? c.noticeVersion);
  }

  /** POST: a co-signer's comment on a passage of a version. */
  async create(who: Principal, id: string, dto: CreateNoticeCommentDto) {
    const c = await this.access.find(id);
    const role = this.commenterRole(who, c);
    this.stillCoSigning(c, 'comment');
    const v = (await noticeVersions(this.ds, c.id)).find((x) => x.version === dto.version);
    if (!v) throw ApiError.validation([{ field: 'version', message: `must be a version of this notice: 1 to ${c.noticeVersion}, not ${dto.version}` }]);
    const text = await findNoticeText(this.ds, v.sha256);
    // A version row refers to its text (a foreign key): never missing.
    if (!text) throw new Error(`notice text ${v.sha256} of campaign ${c.id} is missing`);
    const problems = passageProblems(text.body, v.version, dto);
    if (problems.length) throw ApiError.validation(problems);
    const comment = await atomically(this.ds, async (m) => {
      const inserted = await insertComment(m, {
        id: randomUUID(),
        campaignId: c.id,
        version: v.version,
        start: dto.start,
        end: dto.end,
        quote: dto.quote,
        text: dto.text,
        agency: who.agency,
        author: who.sub,
        authorRole: role,
      });
      await writeNotifications(m, c.id, {
        kind: 'notice-comment',
        key: `notice-comment:${inserted.id}`,
        to: { audience: 'lead' },
        at: inserted.createdAt,
        data: { commentId: inserted.id, agency: who.agency, version: v.version, quote: excerpt(dto.quote), text: dto.text },
      });
      return inserted;
    });
    return commentView(comment, [], { version: comment.version, start: comment.start, end: comment.end });
  }

  /** POST …/replies: the lead's secretariat answers, or the commenting agency follows up. */
  async reply(who: Principal, id: string, cid: string, dto: NoticeCommentReplyDto) {
    const c = await this.access.find(id);
    const lead = this.isLeadSecretariat(who, c);
    if (!lead && !c.coSign.signers.some((s) => s.agency === who.agency)) {
      throw ApiError.forbidden(`only the lead's secretariat (${c.leadAgency}) and the commenting co-signer reply to a comment`);
    }
    const comment = await this.comment(c, cid);
    const commenter = who.agency === comment.agency && (who.roles.includes('signer') || who.roles.includes('secretariat'));
    if (!lead && !commenter) {
      throw ApiError.forbidden(`only the lead's secretariat (${c.leadAgency}) and the commenting agency (${comment.agency}) reply to a comment`);
    }
    this.stillCoSigning(c, 'reply to a comment');
    return atomically(this.ds, async (m) => {
      const locked = (await findComment(m, c.id, comment.id, true))!;
      if (locked.resolvedAt) throw ApiError.conflict(ApiErrorCode.COMMENT_RESOLVED, `the comment was marked resolved at ${iso(locked.resolvedAt)}: it takes no more replies`);
      const reply = await insertReply(m, { id: randomUUID(), commentId: locked.id, agency: who.agency, author: who.sub, text: dto.text });
      const quote = excerpt(locked.quote);
      await writeNotifications(
        m,
        c.id,
        lead
          ? {
              kind: 'notice-comment-answered',
              key: `notice-comment-reply:${reply.id}`,
              to: { agency: locked.agency, role: locked.authorRole },
              at: reply.createdAt,
              data: { commentId: locked.id, version: locked.version, quote, text: dto.text, resolved: false },
            }
          : {
              kind: 'notice-comment',
              key: `notice-comment-reply:${reply.id}`,
              to: { audience: 'lead' },
              at: reply.createdAt,
              data: { commentId: locked.id, agency: locked.agency, version: locked.version, quote, text: dto.text, reply: true },
            },
      );
      const replies = await repliesOf(m, [locked.id]);
      return commentView(locked, replies, { version: locked.version, start: locked.start, end: locked.end });
    });
  }

  /** POST …/resolve: the lead's secretariat marks a comment resolved, with a closing reply or none. */
  async resolve(who: Principal, id: string, cid: string, dto: ResolveNoticeCommentDto) {
    const c = await this.access.find(id);
    if (!this.isLeadSecretariat(who, c)) throw ApiError.forbidden(`only the lead's secretariat (${c.leadAgency}) marks a comment resolved`);
    const comment = await this.comment(c, cid);
    return atomically(this.ds, async (m) => {
      const locked = (await findComment(m, c.id, comment.id, true))!;
      if (locked.resolvedAt) throw ApiError.conflict(ApiErrorCode.COMMENT_RESOLVED, `the comment was marked resolved at ${iso(locked.resolvedAt)} by ${locked.resolvedBy}`);
      if (dto.text) await insertReply(m, { id: randomUUID(), commentId: locked.id, agency: who.agency, author: who.sub, text: dto.text });
      const resolved = (await resolveComment(m, c.id, locked.id, who.sub))!;
      await writeNotifications(m, c.id, {
        kind: 'notice-comment-answered',
        key: `notice-comment-resolved:${resolved.id}`,
        to: { agency: resolved.agency, role: resolved.authorRole },
        at: resolved.resolvedAt!,
        data: { commentId: resolved.id, version: resolved.version, quote: excerpt(resolved.quote), text: dto.text ?? null, resolved: true },
      });
      const replies = await repliesOf(m, [resolved.id]);
      return commentView(resolved, replies, { version: resolved.version, start: resolved.start, end: resolved.end });
    });
  }

  /**
   * The view of `version`: the comments made on it and those of earlier versions still open when it
   * was made, each anchored in its text, oldest first.
   */
  private async view(c: CampaignEntity, version: number) {
    const versions = await noticeVersions(this.ds, c.id);
    const viewed = versions.find((v) => v.version === version);
    if (!viewed) throw ApiError.notFound(`version ${version} of the notice of campaign ${c.id}`);
    const shown = (await commentsUpTo(this.ds, c.id, version)).filter((x) =>
      shownInVersion({ version: x.version, resolvedAt: x.resolvedAt ? iso(x.resolvedAt) : null }, version, iso(viewed.createdAt)),
    );
    const needed = new Set([version, ...shown.map((x) => x.version)]);
    const texts = new Map<number, string>();
    await Promise.all(
      versions
        .filter((v) => needed.has(v.version))
        .map(async (v) => {
          const t = await findNoticeText(this.ds, v.sha256);
          if (!t) throw new Error(`notice text ${v.sha256} of campaign ${c.id} is missing`);
          texts.set(v.version, t.body);
        }),
    );
    const anchors = new Map<string, (Span & { version: number }) | null>();
    for (const from of needed) {
      const mine = shown.filter((x) => x.version === from);
      if (!mine.length) continue;
      const spans = anchorPassages(texts.get(from)!, texts.get(version)!, mine);
      mine.forEach((x, i) => anchors.set(x.id, spans[i] && { version, ...spans[i] }));
    }
    const replies = await repliesOf(
      this.ds,
      shown.map((x) => x.id),
    );
    const comments = shown.map((x) =>
      commentView(
        x,
        replies.filter((r) => r.commentId === x.id),
        anchors.get(x.id) ?? null,
      ),
    );
    return {
      campaignId: c.id,
      version,
      currentVersion: c.noticeVersion,
      offsetUnit: OFFSET_UNIT,
      counts: {
        open: comments.filter((x) => x.status === 'open').length,
        resolved: comments.filter((x) => x.status === 'resolved').length,
        stale: comments.filter((x) => x.stale).length,
      },
      comments,
    };
  }

  /** Comments are between the lead and its co-signers (and those above who read everything: leads of parent campaigns, the platform's admins). */
  private async mayRead(who: Principal, c: CampaignEntity): Promise<void> {
    if (!(await this.access.isOrganizerSide(who, c))) {
      throw ApiError.forbidden(`${who.agency} may not read the comments on this notice: they are for the lead ${c.leadAgency} and its co-signers`);
    }
  }

  /** A co-signer's signer or secretariat; the role it comments in is the one answers go to (signer first). */
  private commenterRole(who: Principal, c: CampaignEntity): CommentAuthorRole {
    if (!c.coSign.signers.some((s) => s.agency === who.agency)) throw ApiError.forbidden(`${who.agency} is not a co-signer of this notice: only co-signers comment on it`);
    if (who.roles.includes('signer')) return 'signer';
    if (who.roles.includes('secretariat')) return 'secretariat';
    throw ApiError.forbidden('commenting on the notice needs the role signer or secretariat');
  }

  private isLeadSecretariat(who: Principal, c: CampaignEntity): boolean {
    return who.agency === c.leadAgency && who.roles.includes('secretariat');
  }

  private stillCoSigning(c: CampaignEntity, what: string): void {
    if (!OPEN_PHASES.includes(c.phase) || c.coSign.signOff) {
      throw ApiError.conflict(ApiErrorCode.WRONG_PHASE, `the notice is ${c.phase}: only while it is being co-signed, before sign-off, may one ${what}`);
    }
  }

  private async comment(c: CampaignEntity, cid: string): Promise<NoticeCommentRow> {
    const found = isUuid(cid) ? await findComment(this.ds, c.id, cid) : null;
    if (!found) throw ApiError.notFound(`comment ${cid} on the notice of campaign ${c.id}`);
    return found;
  }
}
