import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import type { Signer } from '@domain/co-sign';
import type { CampaignPhase, Milestones } from '@domain/year';

/** The read model of a campaign: written at launch by the API, then only by workflow activities. */
export interface CoSignProjection {
  mode: 'parallel' | 'sequential';
  dueAt: string;
  signers: Signer[];
  signOff: { by: string; at: string; noticeSha256: string } | null;
  escalatedAt: string | null;
}

@Entity('campaigns')
export class CampaignEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ type: 'text', name: 'workflow_id', unique: true })
  workflowId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ type: 'int' })
  year: number;

  @Column({ type: 'varchar', length: 32, name: 'lead_agency' })
  leadAgency: string;

  /** The definition as launched (after rebasing), without the body: that lives in notice_texts. */
  @Column({ type: 'jsonb' })
  definition: Record<string, unknown>;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  warnings: { field: string; message: string }[];

  @Column({ type: 'varchar', length: 32 })
  phase: CampaignPhase;

  @Column({ type: 'int', name: 'notice_version' })
  noticeVersion: number;

  @Column({ type: 'char', length: 64, name: 'notice_sha256' })
  noticeSha256: string;

  @Column({ type: 'text', name: 'doc_number', nullable: true, unique: true })
  docNumber: string | null;

  @Column({ type: 'timestamptz', name: 'issued_at', nullable: true })
  issuedAt: Date | null;

  @Column({ type: 'jsonb', name: 'co_sign' })
  coSign: CoSignProjection;

  @Column({ type: 'jsonb', nullable: true })
  withdrawal: { by: string; at: string; reason: string } | null;

  /** Audit seq of the last event projected: an older retry never overwrites a newer state. */
  @Column({ type: 'int', name: 'state_version', default: 0 })
  stateVersion: number;

  /** The campaign this one relays (转发), or null at the top of the cascade. */
  @Column({ type: 'uuid', name: 'parent_id', nullable: true })
  parentId: string | null;

  /** The milestones as they are now (the lead may move them); the definition keeps the launched ones. */
  @Column({ type: 'jsonb', nullable: true })
  milestones: Milestones | null;

  /** A rehearsal (rebaseTo) keeps its original year's working-day calendar: days are shifted back by this. */
  @Column({ type: 'int', name: 'calendar_shift_days', default: 0 })
  calendarShiftDays: number;

  @Column({ type: 'timestamptz', name: 'distributed_at', nullable: true })
  distributedAt: Date | null;

  @Column({ type: 'timestamptz', name: 'commendations_published_at', nullable: true })
  commendationsPublishedAt: Date | null;

  @Column({ type: 'text', name: 'launched_by' })
  launchedBy: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
