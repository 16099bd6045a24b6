import { Check, Column, Entity, ForeignKey, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { CampaignRecipientEntity } from '../recipients/recipient.entity';

/**
 * One submission of a reporting unit's summary (总结报送); a resubmission is a new revision.
 * Migration 0002. The unit is a recipient of the campaign (composite foreign key).
 */
@Entity('summary_reports')
@Check('summary_reports_revision_check', 'revision >= 1')
@Unique('summary_reports_campaign_id_unit_revision_key', ['campaignId', 'unit', 'revision'])
@ForeignKey(() => CampaignRecipientEntity, ['campaignId', 'unit'], ['campaignId', 'agency'], {
  name: 'summary_reports_campaign_id_unit_fkey',
  onDelete: 'CASCADE',
})
export class SummaryReportEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'summary_reports_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'campaign_id', nullable: false })
  campaignId: string;

  @Column({ type: 'varchar', length: 32, nullable: false })
  unit: string;

  @Column({ type: 'int', nullable: false })
  revision: number;

  @Column({ type: 'text', nullable: false })
  text: string;

  @Column({ type: 'jsonb', nullable: false, default: () => "'{}'" })
  figures: Record<string, number>;

  @Column({ type: 'jsonb', nullable: false, default: () => "'[]'" })
  links: string[];

  @Column({ type: 'boolean', nullable: false })
  late: boolean;

  @Column({ type: 'text', name: 'submitted_by', nullable: false })
  submittedBy: string;

  @Column({ type: 'timestamptz', name: 'submitted_at', nullable: false })
  submittedAt: Date;
}
