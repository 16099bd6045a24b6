import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AgencyEntity } from '../agencies/agency.entity';
import { CampaignEntity } from '../campaigns/campaign.entity';

export interface ActivityResults {
  photos: string[];
  videos: string[];
  news: string[];
  participants: number;
  summary: string;
}

/**
 * An activity (活动) registered under a campaign by an organizer, one by one or imported in bulk;
 * its results are added after it ends. Migration 0002. `id` is a bigint: a string in TypeScript.
 */
@Entity('activities')
@Check('activities_check', 'ends_at >= starts_at')
@Check('activities_check1', 'place IS NOT NULL OR online_url IS NOT NULL')
@Check('activities_expected_audience_check', 'expected_audience >= 0')
@Index('activities_campaign_category_idx', ['campaignId', 'category'])
@Index('activities_campaign_region_idx', ['campaignId', 'region'])
@Index('activities_campaign_starts_idx', ['campaignId', 'startsAt', 'id'])
@Index('activities_campaign_organizer_idx', ['campaignId', 'organizer'])
@Index('activities_results_pending_idx', ['campaignId', 'endsAt'], { where: 'results IS NULL' })
@Index('activities_import_batch_idx', ['importBatch'], { where: 'import_batch IS NOT NULL' })
export class ActivityEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint', primaryKeyConstraintName: 'activities_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'campaign_id', nullable: false })
  @ForeignKey(() => CampaignEntity, { name: 'activities_campaign_id_fkey', onDelete: 'CASCADE' })
  campaignId: string;

  @Column({ type: 'varchar', length: 32, nullable: false })
  @ForeignKey(() => AgencyEntity, { name: 'activities_organizer_fkey' })
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
  results: ActivityResults | null;

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
