import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { CampaignEntity } from '../campaigns/campaign.entity';

/**
 * What a bulk import sent with an Idempotency-Key carried (a SHA-256 of its rows as read), so a
 * key reused with other rows is told apart from a repeat (422 against 200). Migration 0004.
 */
@Entity('import_batches')
export class ImportBatchEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'import_batches_pkey' })
  batch: string;

  @Column({ type: 'uuid', name: 'campaign_id', nullable: false })
  @ForeignKey(() => CampaignEntity, { name: 'import_batches_campaign_id_fkey', onDelete: 'CASCADE' })
  campaignId: string;

  @Column({ type: 'varchar', length: 32, nullable: false })
  organizer: string;

  @Column({ type: 'char', length: 64, nullable: false })
  fingerprint: string;

  @Column({ type: 'int', name: 'row_count', nullable: false })
  rowCount: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at', nullable: false, default: () => 'now()' })
  createdAt: Date;
}
