import type { InternalStep, StepActionRecord } from '@domain/internal-steps';
import type { Db } from '../sql';
import { affected, atomically, row, rows, selectColumns } from '../sql';
import { InternalStepActionEntity, InternalStepEntity, InternalStepRunEntity } from './internal-step.entity';

/**
 * Internal sign-off (内部审签): an agency's steps, and the runs of its items through them. Where a
 * run stands is not stored: it is replayed from its actions (@domain/internal-steps progressOf).
 */

export interface StepsConfig {
  steps: InternalStep[];
  updatedBy: string | null;
  updatedAt: Date | null;
}

/** An agency's steps in order (none: it decides directly). */
export async function internalStepsOf(db: Db, agency: string): Promise<StepsConfig> {
  const found = await rows<Pick<InternalStepEntity, 'name' | 'mode' | 'people' | 'updatedBy' | 'updatedAt'>>(
    db,
    `SELECT ${selectColumns(db, InternalStepEntity, 's', ['name', 'mode', 'people', 'updatedBy', 'updatedAt'])}
       FROM internal_steps s WHERE s.agency = $1 ORDER BY s.position`,
    [agency],
  );
  return {
    steps: found.map((s) => ({ name: s.name, mode: s.mode, people: s.people })),
    updatedBy: found[0]?.updatedBy ?? null,
    updatedAt: found[0]?.updatedAt ?? null,
  };
}

/** Replaces an agency's steps with these (in this order), all or none. An empty list removes them. */
export function replaceInternalSteps(db: Db, agency: string, steps: InternalStep[], by: string): Promise<void> {
  return atomically(db, async (m) => {
    await affected(m, 'DELETE FROM internal_steps WHERE agency = $1', [agency]);
    if (!steps.length) return;
    await m.query(
      `INSERT INTO internal_steps (agency, position, name, mode, people, updated_by)
       SELECT $1, e.position - 1, e.step ->> 'name', e.step ->> 'mode', ARRAY(SELECT jsonb_array_elements_text(e.step -> 'people')), $3
         FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS e(step, position)`,
      [agency, JSON.stringify(steps), by],
    );
  });
}

export type RunRow = Pick<InternalStepRunEntity, 'id' | 'campaignId' | 'agency' | 'noticeVersion' | 'noticeSha256' | 'steps' | 'startedAt'>;
const RUN_COLUMNS: (keyof RunRow)[] = ['id', 'campaignId', 'agency', 'noticeVersion', 'noticeSha256', 'steps', 'startedAt'];

export type ActionRow = Pick<InternalStepActionEntity, 'seq' | 'step' | 'stepName' | 'actor' | 'action' | 'comment' | 'toLogin' | 'at'>;
const ACTION_COLUMNS: (keyof ActionRow)[] = ['seq', 'step', 'stepName', 'actor', 'action', 'comment', 'toLogin', 'at'];

/** An agency's run on a version of a campaign's notice, if one started. */
export function findRun(db: Db, campaignId: string, agency: string, version: number): Promise<RunRow | null> {
  return row(
    db,
    `SELECT ${selectColumns(db, InternalStepRunEntity, 'r', RUN_COLUMNS)} FROM internal_step_runs r
      WHERE r.campaign_id = $1 AND r.agency = $2 AND r.notice_version = $3`,
    [campaignId, agency, version],
  );
}

/** Starts a run with these steps (the configuration of now), or answers the one already started. */
export async function startRun(db: Db, campaignId: string, agency: string, version: number, sha256: string, steps: InternalStep[]): Promise<RunRow> {
  await db.query(
    `INSERT INTO internal_step_runs (id, campaign_id, agency, notice_version, notice_sha256, steps)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5::jsonb)
     ON CONFLICT (campaign_id, agency, notice_version) DO NOTHING`,
    [campaignId, agency, version, sha256, JSON.stringify(steps)],
  );
  return (await findRun(db, campaignId, agency, version))!;
}

/** A run's actions in the order taken. */
export function runActions(db: Db, runId: string): Promise<ActionRow[]> {
  return rows(db, `SELECT ${selectColumns(db, InternalStepActionEntity, 'a', ACTION_COLUMNS)} FROM internal_step_actions a WHERE a.run_id = $1 ORDER BY a.seq`, [runId]);
}

/** Records an action at the end of a run; answers its seq. Call under lockItem. */
export async function appendAction(
  db: Db,
  runId: string,
  a: { step: number; stepName: string; actor: string; action: ActionRow['action']; comment: string | null; toLogin: string | null },
): Promise<number> {
  return (await row<{ seq: number }>(
    db,
    `INSERT INTO internal_step_actions (run_id, seq, step, step_name, actor, action, comment, to_login)
     SELECT $1, COALESCE(max(seq), 0) + 1, $2, $3, $4, $5, $6, $7 FROM internal_step_actions WHERE run_id = $1
     RETURNING seq`,
    [runId, a.step, a.stepName, a.actor, a.action, a.comment, a.toLogin],
  ))!.seq;
}

/** Takes an action back (the agency's decision it completed was refused by the workflow). */
export async function removeAction(db: Db, runId: string, seq: number): Promise<void> {
  await affected(db, 'DELETE FROM internal_step_actions WHERE run_id = $1 AND seq = $2', [runId, seq]);
}

/** Serializes the actions on one agency's item of one campaign, until the transaction ends. */
export async function lockItem(db: Db, campaignId: string, agency: string): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('internal-steps:' || $1 || ':' || $2))`, [campaignId, agency]);
}

/** An action as the pure rules replay it. */
export function actionRecord(a: ActionRow): StepActionRecord {
  return { step: a.step, actor: a.actor, action: a.action, comment: a.comment, to: a.toLogin, at: new Date(a.at).toISOString() };
}

/**
 * For the lead's view: of the given co-signers, those with steps (configured, or a run on this
 * version), each with its run's steps and actions on this version (none yet: the configured steps).
 */
export async function internalItems(
  db: Db,
  campaignId: string,
  version: number,
  agencies: string[],
): Promise<Map<string, { steps: InternalStep[]; actions: StepActionRecord[] }>> {
  const out = new Map<string, { steps: InternalStep[]; actions: StepActionRecord[] }>();
  if (!agencies.length) return out;
  const found = await rows<{ agency: string; steps: InternalStep[]; actions: ActionRow[] | null }>(
    db,
    `WITH configured AS (
       SELECT agency, jsonb_agg(jsonb_build_object('name', name, 'mode', mode, 'people', people) ORDER BY position) AS steps
         FROM internal_steps WHERE agency = ANY($3) GROUP BY agency
     ), run AS (
       SELECT r.id, r.agency, r.steps FROM internal_step_runs r
        WHERE r.campaign_id = $1 AND r.notice_version = $2 AND r.agency = ANY($3)
     )
     SELECT COALESCE(run.agency, configured.agency) AS agency, COALESCE(run.steps, configured.steps) AS steps,
            (SELECT jsonb_agg(jsonb_build_object('seq', a.seq, 'step', a.step, 'stepName', a.step_name, 'actor', a.actor, 'action', a.action,
                                                 'comment', a.comment, 'toLogin', a.to_login, 'at', a.at) ORDER BY a.seq)
               FROM internal_step_actions a WHERE a.run_id = run.id) AS actions
       FROM run FULL JOIN configured ON configured.agency = run.agency`,
    [campaignId, version, agencies],
  );
  for (const f of found) out.set(f.agency, { steps: f.steps, actions: (f.actions ?? []).map(actionRecord) });
  return out;
}
