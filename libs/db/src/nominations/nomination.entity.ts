import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, Unique } from 'typeorm';
import { CampaignEventEntity } from '../campaign-events/campaign-event.entity';
import { AgencyEntity } from '../agencies/agency.entity';
import { CampaignEntity } from '../campaigns/campaign.entity';

export type NominationKind = 'unit' | 'individual' | 'activity';
export type NominationStatus = 'nominated' | 'commended' | 'declined';

/**
 * A candidate for commendation (表扬) in a campaign's pool; recommended ones (推荐) carry their
 * source. Migration 0002.
 */
@Entity('nominations')
@Check('nominations_kind_check', `kind IN ('unit', 'individual', 'activity')`)
@Check('nominations_status_check', `status IN ('nominated', 'commended', 'declined')`)
@Unique('nominations_campaign_id_source_nomination_id_key', ['campaignId', 'sourceNominationId'])
@Index('nominations_campaign_idx', ['campaignId', 'status'])
export class NominationEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'nominations_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'campaign_id', nullable: false })
  @ForeignKey(() => CampaignEntity, { name: 'nominations_campaign_id_fkey', onDelete: 'CASCADE' })
  campaignId: string;

  @Column({ type: 'varchar', length: 16, nullable: false })
  kind: NominationKind;

  @Column({ type: 'varchar', length: 32, nullable: true })
  @ForeignKey(() => AgencyEntity, { name: 'nominations_unit_fkey' })
  unit: string | null;

  @Column({ type: 'text', nullable: true })
  person: string | null;

  @Column({ type: 'bigint', name: 'activity_id', nullable: true })
  @ForeignKey(() => CampaignEventEntity, { name: 'nominations_activity_id_fkey' })
  activityId: string | null;

  @Column({ type: 'text', nullable: false })
  citation: string;

  @Column({ type: 'varchar', length: 16, nullable: false })
  status: NominationStatus;

  @Column({ type: 'uuid', name: 'source_campaign_id', nullable: true })
  @ForeignKey(() => CampaignEntity, { name: 'nominations_source_campaign_id_fkey' })
  sourceCampaignId: string | null;

  @Column({ type: 'uuid', name: 'source_nomination_id', nullable: true })
  @ForeignKey(() => NominationEntity, { name: 'nominations_source_nomination_id_fkey' })
  sourceNominationId: string | null;

  @Column({ type: 'text', name: 'nominated_by', nullable: false })
  nominatedBy: string;

  @Column({ type: 'text', name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', name: 'decision_note', nullable: true })
  decisionNote: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at', nullable: false, default: () => 'now()' })
  createdAt: Date;
}
