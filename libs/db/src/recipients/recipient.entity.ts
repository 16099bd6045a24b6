import { Check, Column, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';
import { AgencyEntity } from '../agencies/agency.entity';
import { CampaignEntity } from '../campaigns/campaign.entity';

export type RecipientRole = 'main' | 'cc';

/** A body's place in one campaign's distribution: 主送 or 抄送, and how far it has got. Migration 0002. */
@Entity('campaign_recipients')
@Check('campaign_recipients_role_check', `role IN ('main', 'cc')`)
@Index('campaign_recipients_agency_idx', ['agency'])
@Index('campaign_recipients_pending_idx', ['campaignId'], { where: `role = 'main' AND acknowledged_at IS NULL` })
export class CampaignRecipientEntity {
  @PrimaryColumn({ type: 'uuid', name: 'campaign_id', primaryKeyConstraintName: 'campaign_recipients_pkey' })
  @ForeignKey(() => CampaignEntity, { name: 'campaign_recipients_campaign_id_fkey', onDelete: 'CASCADE' })
  campaignId: string;

  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'campaign_recipients_pkey' })
  @ForeignKey(() => AgencyEntity, { name: 'campaign_recipients_agency_fkey' })
  agency: string;

  @Column({ type: 'varchar', length: 8, nullable: false })
  role: RecipientRole;

  /** A reporting unit (总结报送) of this campaign. */
  @Column({ type: 'boolean', nullable: false, default: false })
  reporting: boolean;

  @Column({ type: 'timestamptz', name: 'delivered_at', nullable: true })
  deliveredAt: Date | null;

  @Column({ type: 'timestamptz', name: 'acknowledged_at', nullable: true })
  acknowledgedAt: Date | null;

  @Column({ type: 'text', name: 'acknowledged_by', nullable: true })
  acknowledgedBy: string | null;

  /** The body's own relay (转发) of this notice. */
  @Column({ type: 'uuid', name: 'relay_campaign_id', nullable: true })
  @ForeignKey(() => CampaignEntity, { name: 'campaign_recipients_relay_campaign_id_fkey' })
  relayCampaignId: string | null;

  @Column({ type: 'int', name: 'reminders_sent', nullable: false, default: 0 })
  remindersSent: number;

  @Column({ type: 'timestamptz', name: 'last_reminded_at', nullable: true })
  lastRemindedAt: Date | null;
}
