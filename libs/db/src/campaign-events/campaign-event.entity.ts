import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AgencyEntity } from '../agencies/agency.entity';
import { CampaignEntity } from '../campaigns/campaign.entity';

export interface CampaignEventResults {
  photos: string[];
  videos: string[];
  news: string[];
  participants: number;
  summary: string;
}

/**
 * A campaign event (活动) registered under a campaign by an organizer, one by one or imported in bulk;
 * its results are added after it ends. Migration 0002. `id` is a bigint: a string in TypeScript.
 */
@Entity('campaign_events')
@Check('campaign_events_check', 'ends_at >= starts_at')
@Check('campaign_events_check1', 'place IS NOT NULL OR online_url IS NOT NULL')
@Check('campaign_events_expected_audience_check', 'expected_audience >= 0')
@Index('campaign_events_campaign_category_idx', ['campaignId', 'category'])
@Index('campaign_events_campaign_region_idx', ['campaignId', 'region'])
@Index('campaign_events_campaign_starts_idx', ['campaignId', 'startsAt', 'id'])
@Index('campaign_events_campaign_organizer_idx', ['campaignId', 'organizer'])
@Index('campaign_events_results_pending_idx', ['campaignId', 'endsAt'], { where: 'results IS NULL' })
@Index('campaign_events_import_batch_idx', ['importBatch'], { where: 'import_batch IS NOT NULL' })
export class CampaignEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'campaign_events_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'campaign_id', nullable: false })
  @ForeignKey(() => CampaignEntity, { name: 'campaign_events_campaign_id_fkey', onDelete: 'CASCADE' })
  campaignId: string;

  @Column({ type: 'varchar', length: 32, nullable: false })
  @ForeignKey(() => AgencyEntity, { name: 'campaign_events_organizer_fkey' })
  organizer: string;

  /** The organizer's region when it registered (CN for national bodies). */
  @Column({ type: 'varchar', length: 16, nullable: false })
  region: string;

  @Column({ type: 'text', nullable: false })
  title: string;

  @Column({ type: 'text', nullable: false })
  category: string;

  @Column({ type: 'timestamptz', name: 'starts_at', nullable: false })
  startsAt: Date;

  @Column({ type: 'timestamptz', name: 'ends_at', nullable: false })
  endsAt: Date;

  @Column({ type: 'text', nullable: true })
  place: string | null;

  @Column({ type: 'text', name: 'online_url', nullable: true })
  onlineUrl: string | null;

  @Column({ type: 'int', name: 'expected_audience', nullable: true })
  expectedAudience: number | null;

  @Column({ type: 'jsonb', nullable: true })
  results: CampaignEventResults | null;

  @Column({ type: 'timestamptz', name: 'results_at', nullable: true })
  resultsAt: Date | null;

  @Column({ type: 'int', name: 'results_reminders', nullable: false, default: 0 })
  resultsReminders: number;

  @Column({ type: 'timestamptz', name: 'last_results_reminder_at', nullable: true })
  lastResultsReminderAt: Date | null;

  /** The upload it came with (bulk import); the same Idempotency-Key gives the same batch. */
  @Column({ type: 'uuid', name: 'import_batch', nullable: true })
  importBatch: string | null;

  @Column({ type: 'text', name: 'created_by', nullable: false })
  createdBy: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at', nullable: false, default: () => 'now()' })
  createdAt: Date;
}
