import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** A body's place in one campaign's distribution: 主送 or 抄送, and how far it has got. */
@Entity('campaign_recipients')
export class CampaignRecipientEntity {
  @PrimaryColumn({ type: 'uuid', name: 'campaign_id' })
  campaignId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  agency: string;

  @Column({ type: 'varchar', length: 8 })
  role: 'main' | 'cc';

  /** A reporting unit (总结报送) of this campaign. */
  @Column({ type: 'boolean', default: false })
  reporting: boolean;

  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'timestamptz', name: 'acknowledged_at', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'text', name: 'acknowledged_by', nullable: true })
  acknowledgedBy: string | null;

  @Column({ type: 'uuid', name: 'relay_campaign_id', nullable: true })
  relayCampaignId: string | null;

  @Column({ type: 'int', name: 'reminders_sent', default: 0 })
  remindersSent: number;

  @Column({ type: 'timestamptz', name: 'last_reminded_at', nullable: true })
  lastRemindedAt: Date | null;
}

export interface ActivityResults {
  photos: string[];
  videos: string[];
  news: string[];
  participants: number;
  summary: string;
}

@Entity('activities')
export class ActivityEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid', name: 'campaign_id' })
  campaignId: string;

  @Column({ type: 'varchar', length: 32 })
  organizer: string;

  @Column({ type: 'varchar', length: 16 })
  region: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'timestamptz', name: 'starts_at' })
  startsAt: Date;

  @Column({ type: 'timestamptz', name: 'ends_at' })
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

  @Column({ type: 'int', name: 'results_reminders', default: 0 })
  resultsReminders: number;

  @Column({ type: 'timestamptz', name: 'last_results_reminder_at', nullable: true })
  lastResultsReminderAt: Date | null;

  @Column({ type: 'uuid', name: 'import_batch', nullable: true })
  importBatch: string | null;

  @Column({ type: 'text', name: 'created_by' })
  createdBy: string;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}

/** One submission of a reporting unit's summary (总结报送); a resubmission is a new revision. */
@Entity('summary_reports')
export class SummaryReportEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'uuid', name: 'campaign_id' })
  campaignId: string;

  @Column({ type: 'varchar', length: 32 })
  unit: string;

  @Column({ type: 'int' })
  revision: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  figures: Record<string, number>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  links: string[];

  @Column({ type: 'boolean' })
  late: boolean;

  @Column({ type: 'text', name: 'submitted_by' })
  submittedBy: string;

  @Column({ type: 'timestamptz', name: 'submitted_at' })
  submittedAt: Date;
}

export type NominationKind = 'unit' | 'individual' | 'activity';
export type NominationStatus = 'nominated' | 'commended' | 'declined';

/** A candidate for commendation (表扬) in a campaign's pool; recommended ones (推荐) carry their source. */
@Entity('nominations')
export class NominationEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'uuid', name: 'campaign_id' })
  campaignId: string;

  @Column({ type: 'varchar', length: 16 })
  kind: NominationKind;

  @Column({ type: 'varchar', length: 32, nullable: true })
  unit: string | null;

  @Column({ type: 'text', nullable: true })
  person: string | null;

  @Column({ type: 'bigint', name: 'activity_id', nullable: true })
  activityId: string | null;

  @Column({ type: 'text' })
  citation: string;

  @Column({ type: 'varchar', length: 16 })
  status: NominationStatus;

  @Column({ type: 'uuid', name: 'source_campaign_id', nullable: true })
  sourceCampaignId: string | null;

  @Column({ type: 'uuid', name: 'source_nomination_id', nullable: true })
  sourceNominationId: string | null;

  @Column({ type: 'text', name: 'nominated_by' })
  nominatedBy: string;

  @Column({ type: 'text', name: 'decided_by', nullable: true })
  decidedBy: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', name: 'decision_note', nullable: true })
  decisionNote: string | null;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
