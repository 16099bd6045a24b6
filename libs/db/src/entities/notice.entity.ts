import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Notice texts, content-addressed by their SHA-256: the body never enters workflow history. */
@Entity('notice_texts')
export class NoticeTextEntity {
  @PrimaryColumn({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'text' })
  body: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}

@Entity('notice_versions')
export class NoticeVersionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'campaign_id' })
  campaignId: string;

  @PrimaryColumn({ type: 'int' })
  version: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Column({ type: 'text', name: 'created_by' })
  createdBy: string;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;
}
