import { Check, Column, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { CampaignEntity } from '../campaigns/campaign.entity';

/**
 * One entry of a campaign's audit log: append-only (a trigger refuses UPDATE and DELETE) and
 * hash-chained per campaign. Defined by migration 0000.
 */
@Entity('audit_log')
@Check('audit_log_seq_check', 'seq >= 1')
export class AuditEntryEntity {
  @PrimaryColumn({ type: 'uuid', name: 'campaign_id', primaryKeyConstraintName: 'audit_log_pkey' })
  @ForeignKey(() => CampaignEntity, { name: 'audit_log_campaign_id_fkey' })
  campaignId: string;

  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'audit_log_pkey' })
  seq: number;

  @Column({ type: 'varchar', length: 64, nullable: false })
  type: string;

  @Column({ type: 'text', nullable: false })
  actor: string;

  @Column({ type: 'timestamptz', nullable: false })
  at: Date;

  /** The canonical JSON that the hash covers, stored as text so it is reproduced byte for byte. */
  @Column({ type: 'text', nullable: false })
  payload: string;

  @Column({ type: 'char', length: 64, name: 'prev_hash', nullable: false })
  prevHash: string;

  @Column({ type: 'char', length: 64, nullable: false })
  hash: string;
}
