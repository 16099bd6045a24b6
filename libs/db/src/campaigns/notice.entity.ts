import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { CampaignEntity } from './campaign.entity';

/** Notice texts, content-addressed by their SHA-256: the body never enters workflow history. */
@Entity('notice_texts')
export class NoticeTextEntity {
  @PrimaryColumn({ type: 'char', length: 64, primaryKeyConstraintName: 'notice_texts_pkey' })
  sha256: string;

  @Column({ type: 'text', nullable: false })
  body: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at', nullable: false, default: () => 'now()' })
  createdAt: Date;
}

/** The versions of a campaign's notice: version 1 at launch, one more per revision. */
@Entity('notice_versions')
export class NoticeVersionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'campaign_id', primaryKeyConstraintName: 'notice_versions_pkey' })
  @ForeignKey(() => CampaignEntity, { name: 'notice_versions_campaign_id_fkey', onDelete: 'CASCADE' })
  campaignId: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'notice_versions_pkey' })
  version: number;

  @Column({ type: 'char', length: 64, nullable: false })
  @ForeignKey(() => NoticeTextEntity, { name: 'notice_versions_sha256_fkey' })
  sha256: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text', name: 'created_by', nullable: false })
  createdBy: string;

  @Column({ type: 'timestamptz', name: 'created_at', nullable: false })
  createdAt: Date;
}
