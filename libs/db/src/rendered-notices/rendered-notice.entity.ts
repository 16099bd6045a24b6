import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { CampaignEntity } from '../campaigns/campaign.entity';

export type NoticeFormat = 'pdf' | 'docx';

/**
 * A rendered notice (PDF or Word), kept by what it was rendered from: served again from here, and
 * recognised by its own SHA-256 when someone hands the file back for verification. Migration 0009.
 */
@Entity('rendered_notices')
@Check('rendered_notices_format_check', `format IN ('pdf', 'docx')`)
@Index('rendered_notices_file_sha256_idx', ['fileSha256'])
@Index('rendered_notices_campaign_id_idx', ['campaignId'])
export class RenderedNoticeEntity {
  /** SHA-256 of what the file was rendered from (apps/api/src/documents: renderKey). */
  @PrimaryColumn({ type: 'char', length: 64, name: 'cache_key', primaryKeyConstraintName: 'rendered_notices_pkey' })
  cacheKey: string;

  @Column({ type: 'uuid', name: 'campaign_id', nullable: false })
  @ForeignKey(() => CampaignEntity, { name: 'rendered_notices_campaign_id_fkey', onDelete: 'CASCADE' })
  campaignId: string;

  @Column({ type: 'int', nullable: false })
  version: number;

  @Column({ type: 'char', length: 64, name: 'notice_sha256', nullable: false })
  noticeSha256: string;

  @Column({ type: 'text', name: 'doc_number', nullable: true })
  docNumber: string | null;

  @Column({ type: 'varchar', length: 8, nullable: false })
  format: NoticeFormat;

  @Column({ type: 'bytea', nullable: false })
  bytes: Buffer;

  @Column({ type: 'char', length: 64, name: 'file_sha256', nullable: false })
  fileSha256: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at', nullable: false, default: () => 'now()' })
  createdAt: Date;
}
