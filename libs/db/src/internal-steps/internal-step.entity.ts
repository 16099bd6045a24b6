import { Check, Column, Entity, ForeignKey, PrimaryColumn, Unique } from 'typeorm';
import type { InternalStep, StepAction, StepMode } from '@domain/internal-steps';
import { AgencyEntity } from '../agencies/agency.entity';
import { CampaignEntity } from '../campaigns/campaign.entity';

/** One step of an agency's internal sign-off (内部审签), in order. Migration 0010. */
@Entity('internal_steps')
@Unique('internal_steps_agency_name_key', ['agency', 'name'])
@Check('internal_steps_mode_check', `mode IN ('any', 'all')`)
export class InternalStepEntity {
  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'internal_steps_pkey' })
  @ForeignKey(() => AgencyEntity, { name: 'internal_steps_agency_fkey' })
  agency: string;

  /** 0-based order of the step. */
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'internal_steps_pkey' })
  position: number;

  @Column({ type: 'text', nullable: false })
  name: string;

  /** any: 或签 (one of the people); all: 会签 (every one of them). */
  @Column({ type: 'varchar', length: 8, nullable: false })
  mode: StepMode;

  /** Logins of the agency's accounts who may take the step. */
  @Column({ type: 'text', array: true, nullable: false })
  people: string[];

  @Column({ type: 'text', name: 'updated_by', nullable: false })
  updatedBy: string;

  @Column({ type: 'timestamptz', name: 'updated_at', nullable: false, default: () => 'now()' })
  updatedAt: Date;
}

/** One agency's way through its steps on one version of a campaign's notice. Migration 0010. */
@Entity('internal_step_runs')
@Unique('internal_step_runs_campaign_id_agency_notice_version_key', ['campaignId', 'agency', 'noticeVersion'])
export class InternalStepRunEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'internal_step_runs_pkey' })
  id: string;

  @Column({ type: 'uuid', name: 'campaign_id', nullable: false })
  @ForeignKey(() => CampaignEntity, { name: 'internal_step_runs_campaign_id_fkey', onDelete: 'CASCADE' })
  campaignId: string;

  @Column({ type: 'varchar', length: 32, nullable: false })
  @ForeignKey(() => AgencyEntity, { name: 'internal_step_runs_agency_fkey' })
  agency: string;

  @Column({ type: 'int', name: 'notice_version', nullable: false })
  noticeVersion: number;

  /** The text the steps are taken on: the agency's decision is bound to it. */
  @Column({ type: 'char', length: 64, name: 'notice_sha256', nullable: false })
  noticeSha256: string;

  /** The steps as configured when the run started. */
  @Column({ type: 'jsonb', nullable: false })
  steps: InternalStep[];

  @Column({ type: 'timestamptz', name: 'started_at', nullable: false, default: () => 'now()' })
  startedAt: Date;
}

/** One action of a run: who took which step how, and when. Migration 0010. */
@Entity('internal_step_actions')
@Check('internal_step_actions_action_check', `action IN ('approve', 'return', 'transfer', 'reject')`)
export class InternalStepActionEntity {
  @PrimaryColumn({ type: 'uuid', name: 'run_id', primaryKeyConstraintName: 'internal_step_actions_pkey' })
  @ForeignKey(() => InternalStepRunEntity, { name: 'internal_step_actions_run_id_fkey', onDelete: 'CASCADE' })
  runId: string;

  /** 1-based order of the action within its run. */
  @PrimaryColumn({ type: 'int', primaryKeyConstraintName: 'internal_step_actions_pkey' })
  seq: number;

  /** The index of the step it was taken at, and that step's name. */
  @Column({ type: 'int', nullable: false })
  step: number;

  @Column({ type: 'text', name: 'step_name', nullable: false })
  stepName: string;

  /** The login of who took it. */
  @Column({ type: 'text', nullable: false })
  actor: string;

  @Column({ type: 'varchar', length: 16, nullable: false })
  action: StepAction;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  /** transfer (转办): the colleague's login. */
  @Column({ type: 'text', name: 'to_login', nullable: true })
  toLogin: string | null;

  @Column({ type: 'timestamptz', nullable: false, default: () => 'now()' })
  at: Date;
}
