import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { AgencyEntity } from '../agencies/agency.entity';
import { NoticeVersionEntity } from '../campaigns/notice.entity';

export type CommentAuthorRole = 'signer' | 'secretariat';

/**
 * A co-signer's comment (意见) on a passage of one version of the notice: offsets in code points of
 * that version's text (libs/domain/src/notice-comments.ts), the quoted text, open until the lead
 * marks it resolved. Migration 0011.
 */
@Entity('notice_comments')
@Check('notice_comments_offsets_check', 'start_offset >= 0 AND end_offset > start_offset')
@Check('notice_comments_author_role_check', `author_role IN ('signer', 'secretariat')`)
@Check('notice_comments_resolved_check', '(resolved_at IS NULL) = (resolved_by IS NULL)')
@Index('notice_comments_campaign_id_idx', ['campaignId', 'createdAt'])
@ForeignKey(() => NoticeVersionEntity, ['campaignId', 'version'], ['campaignId', 'version'], { name: 'notice_comments_version_fkey', onDelete: 'CASCADE' })
export class NoticeCommentEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'notice_comments_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'campaign_id', nullable: false })
  campaignId: string;

  /** The version commented on. */
  @Column({ type: 'int', nullable: false })
  version: number;

  @Column({ type: 'int', name: 'start_offset', nullable: false })
  start: number;

  @Column({ type: 'int', name: 'end_offset', nullable: false })
  end: number;

  @Column({ type: 'text', nullable: false })
  quote: string;

  @Column({ type: 'text', nullable: false })
  text: string;

  /** The commenting agency (a co-signer). */
  @Column({ type: 'varchar', length: 32, nullable: false })
  @ForeignKey(() => AgencyEntity, { name: 'notice_comments_agency_fkey' })
  agency: string;

  /** The person (the token's sub). */
  @Column({ type: 'text', nullable: false })
  author: string;

  /** The role the author commented in: the role answers are addressed to. */
  @Column({ type: 'varchar', length: 16, name: 'author_role', nullable: false })
  authorRole: CommentAuthorRole;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at', nullable: false, default: () => 'now()' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'resolved_at', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'text', name: 'resolved_by', nullable: true })
  resolvedBy: string | null;
}

/** A reply to a comment: the lead's, or the commenting agency's. */
@Entity('notice_comment_replies')
@Index('notice_comment_replies_comment_id_idx', ['commentId', 'createdAt'])
export class NoticeCommentReplyEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'notice_comment_replies_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'comment_id', nullable: false })
  @ForeignKey(() => NoticeCommentEntity, { name: 'notice_comment_replies_comment_id_fkey', onDelete: 'CASCADE' })
  commentId: string;

  @Column({ type: 'varchar', length: 32, nullable: false })
  @ForeignKey(() => AgencyEntity, { name: 'notice_comment_replies_agency_fkey' })
  agency: string;

  @Column({ type: 'text', nullable: false })
  author: string;

  @Column({ type: 'text', nullable: false })
  text: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at', nullable: false, default: () => 'now()' })
  createdAt: Date;
}
