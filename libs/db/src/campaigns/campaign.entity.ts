import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { RemovedSigner, Signer } from '@domain/co-sign';
import type { CampaignPhase, Milestones } from '@domain/year';
import { AgencyEntity } from '../agencies/agency.entity';
import { NoticeTextEntity } from './notice.entity';

/** The read model of a campaign: written at launch by the API, then only by workflow activities. */
export interface CoSignProjection {
  mode: 'parallel' | 'sequential';
  dueAt: string;
  signers: Signer[];
  signOff: { by: string; at: string; noticeSha256: string } | null;
  escalatedAt: string | null;
  /** Co-signers removed in flight (减签); absent in rows projected before it existed. */
  removed?: RemovedSigner[];
}

export interface Withdrawal {
  by: string;
  at: string;
  reason: string;
}

/**
 * A campaign: one joint notice from draft to close, and a relay (转发) of another when parent_id is
 * set. Defined by migrations 0000 and 0002.
 */
@Entity('campaigns')
@Unique('campaigns_doc_number_unique', ['docPrefix', 'docYear', 'docSequence'])
@Index('campaigns_lead_agency_idx', ['leadAgency'])
@Index('campaigns_parent_idx', ['parentId'])
export class CampaignEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'campaigns_pkey' })
  id: string;

  @Column({ type: 'text', name: 'workflow_id', nullable: false, unique: true })
  workflowId: string;

  @Column({ type: 'text', nullable: false })
  title: string;

  @Column({ type: 'int', nullable: false })
  year: number;

  @Column({ type: 'varchar', length: 32, name: 'lead_agency', nullable: false })
  @ForeignKey(() => AgencyEntity, { name: 'campaigns_lead_agency_fkey' })
  leadAgency: string;

  /** The definition as launched (after rebasing), without the body: that lives in notice_texts. */
  @Column({ type: 'jsonb', nullable: false })
  definition: Record<string, unknown>;

  @Column({ type: 'jsonb', nullable: false, default: () => "'[]'" })
  warnings: { field: string; message: string }[];

  @Column({ type: 'varchar', length: 32, nullable: false })
  phase: CampaignPhase;

  @Column({ type: 'int', name: 'notice_version', nullable: false })
  noticeVersion: number;

  @Column({ type: 'char', length: 64, name: 'notice_sha256', nullable: false })
  @ForeignKey(() => NoticeTextEntity, { name: 'campaigns_notice_sha256_fkey' })
  noticeSha256: string;

  /** 发文字号 as printed (科协发〔2023〕12号); the three columns after it are its parts. */
  @Column({ type: 'text', name: 'doc_number', nullable: true, unique: true })
  docNumber: string | null;

  @Column({ type: 'text', name: 'doc_prefix', nullable: true })
  docPrefix: string | null;

  @Column({ type: 'int', name: 'doc_year', nullable: true })
  docYear: number | null;

  @Column({ type: 'int', name: 'doc_sequence', nullable: true })
  docSequence: number | null;

  @Column({ type: 'timestamptz', name: 'issued_at', nullable: true })
  issuedAt: Date | null;

  @Column({ type: 'jsonb', name: 'co_sign', nullable: false })
  coSign: CoSignProjection;

  @Column({ type: 'jsonb', nullable: true })
  withdrawal: Withdrawal | null;

  /** Audit seq of the last event projected: an older retry never overwrites a newer state. */
  @Column({ type: 'int', name: 'state_version', nullable: false, default: 0 })
  stateVersion: number;

  @Column({ type: 'text', name: 'launched_by', nullable: false })
  launchedBy: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at', nullable: false, default: () => 'now()' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at', nullable: false, default: () => 'now()' })
  updatedAt: Date;

  /** The campaign this one relays (转发), or null at the top of the cascade. */
  @Column({ type: 'uuid', name: 'parent_id', nullable: true })
  @ForeignKey(() => CampaignEntity, { name: 'campaigns_parent_id_fkey' })
  parentId: string | null;

  /** The milestones as they are now (the lead may move them); the definition keeps the launched ones. */
  @Column({ type: 'jsonb', nullable: true })
  milestones: Milestones | null;

  /** A rehearsal (rebaseTo) keeps its original year's working-day calendar: days are shifted back by this. */
  @Column({ type: 'int', name: 'calendar_shift_days', nullable: false, default: 0 })
  calendarShiftDays: number;

  @Column({ type: 'timestamptz', name: 'distributed_at', nullable: true })
  distributedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'commendations_published_at', nullable: true })
  commendationsPublishedAt: Date | null;
}
