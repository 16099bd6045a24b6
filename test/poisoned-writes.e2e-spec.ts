/**
 * Issue 7: one text field could block a campaign for good. A comment PostgreSQL cannot store
 * (a NUL, a lone surrogate) made the activity writing it fail on every attempt, Temporal retried
 * it forever, and every later decision on the campaign hung behind it; the same with a number
 * past `int` in the document-number sequence.
 *
 * The API now refuses such input with a 400; this spec goes behind it, as an older API or another
 * client could: the Updates are sent straight to the workflow with a Temporal client, and the
 * sequence is set in PostgreSQL directly. Against the real Temporal dev server and PostgreSQL, it
 * proves that each poisoned command is answered promptly with an error — its text is refused before
 * the command is answered and written (workflows/ledger.ts record()), the numbering's write is
 * attempted once (the workflow history) — that nothing changed (the workflow's query and GET agree),
 * that the failure is visible (audit log, a message to the lead's secretariat), and that the
 * campaign keeps working to issuance with an audit chain that verifies.
 */
import { Client, Connection, type WorkflowHandle, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CoSignState } from '@domain/co-sign';
import { COMMAND_FAILED, decideUpdate, reviseUpdate, stateQuery, withdrawUpdate } from '@temporal/messages';
import { smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { eventually, shanghaiDate, startSystem } from './support/system';

const PREFIX = `毒文${Date.now() % 100000}发`;
const year = Number(shanghaiDate(0).slice(0, 4));

let sys: TestSystem;
let connection: Connection;
let client: Client;
/** How long each refused command took to be answered, for the report (not asserted: wall clock). */
const answeredInMs: Record<string, number> = {};

beforeAll(async () => {
  sys = await startSystem();
  connection = await Connection.connect({ address: sys.config.temporal.address });
  client = new Client({ connection, namespace: sys.config.temporal.namespace });
});
afterAll(async () => {
  if (Object.keys(answeredInMs).length) console.info(`refused commands answered in (ms): ${JSON.stringify(answeredInMs)}`);
  await connection?.close();
  await sys?.close();
});

/** The Update's failure, and how long the answer took. */
async function refused(what: string, update: Promise<unknown>): Promise<ApplicationFailure> {
  const t0 = Date.now();
  const err = await update.then(
    () => null,
    (e: unknown) => e,
  );
  answeredInMs[what] = Date.now() - t0;
  expect(err).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (err as WorkflowUpdateFailedError).cause as ApplicationFailure;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  expect(cause.type).toBe(COMMAND_FAILED);
  return cause;
}

describe('a write PostgreSQL refuses cannot stall a campaign', () => {
  const lead = () => sys.token('CAST', 'secretariat');
  const signer = (agency: string) => sys.token(agency, 'signer');
  let id: string;
  let v1: string;
  let v2: string;
  let handle: WorkflowHandle;
  const campaign = async () => (await sys.http.get(`/api/v1/campaigns/${id}`, lead())).body;
  const audit = async () => (await sys.http.get(`/api/v1/campaigns/${id}/audit`, lead())).body;
  /** The workflow's phase and the read model's agree. */
  const phases = async () => [(await handle.query(stateQuery)).phase, (await campaign()).phase];

  beforeAll(async () => {
    const res = await sys.http.post('/api/v1/campaigns', { ...smallDefinition({ docNumberPrefix: PREFIX }), rebaseTo: shanghaiDate(1) }, lead());
    expect(res.status).toBe(201);
    ({ id } = res.body);
    v1 = res.body.notice.sha256;
    handle = client.workflow.getHandle(res.body.workflowId);
    await eventually(async () => expect((await audit()).entries).toHaveLength(1));
  });

  it('a rejection whose comment has a NUL or a lone surrogate is refused at once, and changes nothing', async () => {
    for (const [what, comment] of [
      ['comment with NUL', '理由\u0000'],
      ['comment with lone surrogate', '理由\ud800'],
    ]) {
      const failure = await refused(what, handle.executeUpdate(decideUpdate, { args: [{ agency: 'CAC', decision: 'reject', noticeSha256: v1, comment, by: 'cac-signer' }] }));
      expect(failure.message).toMatch(/^co-sign\.decided could not be carried out, so nothing changed: comment cannot be stored: it contains/);
    }
    const state: CoSignState = await handle.query(stateQuery);
    expect(state.signers.find((s) => s.agency === 'CAC')).toMatchObject({ status: 'pending', comment: null });
    const got = await campaign();
    expect(got.coSign.signers.find((s: any) => s.agency === 'CAC')).toMatchObject({ status: 'pending', comment: null });
    expect(await phases()).toEqual(['co-signing', 'co-signing']);
  });

  it('the refusals are in the audit log, in the places the decisions would have had, and the lead is told', async () => {
    const log = await audit();
    expect(log.verified).toBe(true);
    expect(log.entries.map((e: any) => e.type)).toEqual(['campaign.launched', 'command.refused', 'command.refused']);
    expect(log.entries.slice(1).map((e: any) => [e.actor, e.data.command, e.data.error.type])).toEqual([
      ['cac-signer', 'co-sign.decided', 'DATA_EXCEPTION'],
      ['cac-signer', 'co-sign.decided', 'DATA_EXCEPTION'],
    ]);
    const told = (await sys.http.get(`/api/v1/campaigns/${id}/notifications?kind=failure`, lead())).body.entries;
    expect(told.map((n: any) => [n.to.agency, n.to.role])).toEqual([
      ['CAST', 'secretariat'],
      ['CAST', 'secretariat'],
    ]);
    expect(told[0].reason).toMatch(/^co-sign\.decided by cac-signer was refused: it could not be recorded/);
  });

  it('the campaign keeps working: a proper rejection, a revision, then a poisoned revision and withdrawal are refused', async () => {
    const rejected = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'reject', noticeSha256: v1, comment: '请补充网络安全内容' }, signer('CAC'));
    expect(rejected.status).toBe(200);
    const revised = await sys.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body: '各有关单位：请按通知要求开展活动，注意网络安全。', note: '采纳意见' }, lead());
    expect(revised.status).toBe(201);
    v2 = revised.body.sha256;

    // Back to version 1's text (stored already), with a note PostgreSQL cannot store.
    await refused('revision note with NUL', handle.executeUpdate(reviseUpdate, { args: [{ sha256: v1, note: '说明\u0000', by: 'cast-secretariat' }] }));
    expect((await handle.query(stateQuery)).notice).toEqual({ version: 2, sha256: v2 });
    const notice = (await sys.http.get(`/api/v1/campaigns/${id}/notice`, lead())).body;
    expect([notice.sha256, notice.versions.length]).toEqual([v2, 2]);

    // A withdrawal that could not be recorded does not leave the workflow withdrawn.
    await refused('withdrawal reason with lone surrogate', handle.executeUpdate(withdrawUpdate, { args: [{ reason: '撤回\ud800', by: 'cast-secretariat' }] }));
    await refused('withdrawal reason with NUL', handle.executeUpdate(withdrawUpdate, { args: [{ reason: '撤回\u0000', by: 'cast-secretariat' }] }));
    expect((await handle.query(stateQuery)).withdrawal).toBeNull();
    expect(await phases()).toEqual(['co-signing', 'co-signing']);

    for (const agency of ['CPD', 'CAC']) {
      const r = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: v2 }, signer(agency));
      expect(r.status).toBe(200);
    }
    await eventually(async () => expect(await phases()).toEqual(['awaiting-sign-off', 'awaiting-sign-off']));
  });

  it('a sign-off whose number is past int is refused with a 422; the sign-off is void and works once the sequence is set right', async () => {
    // Where the unchecked `PUT /doc-number-sequences {"nextNumber":2147483648}` of issue 7 left it.
    await sys.db.query(`INSERT INTO doc_number_sequences (prefix, year, last_number) VALUES ($1, $2, 2147483647)`, [PREFIX, year]);
    const t0 = Date.now();
    const signOff = () => sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: v2 }, lead());
    const failed = await signOff();
    answeredInMs['sign-off with exhausted sequence (HTTP)'] = Date.now() - t0;
    expect(failed.status).toBe(422);
    expect(failed.body).toMatchObject({ error: 'COMMAND_FAILED', message: expect.stringMatching(/^sign-off could not be carried out.*integer out of range/) });
    const got = await campaign();
    expect([got.phase, got.notice.docNumber, got.coSign.signOff]).toEqual(['awaiting-sign-off', null, null]);
    expect((await handle.query(stateQuery)).signOff).toBeNull();

    const set = await sys.http.put(`/api/v1/doc-number-sequences/${encodeURIComponent(PREFIX)}/${year}`, { nextNumber: 12 }, sys.token('CAST', 'admin'));
    expect(set.status).toBe(200);
    const signed = await signOff();
    expect(signed.status).toBe(200);
    expect(signed.body.docNumber).toBe(`${PREFIX}〔${year}〕12号`);
    await eventually(async () => expect((await audit()).entries.map((e: any) => e.type)).toContain('distributed'));
  });

  it('no poisoned text was written, the numbering failed once and was not retried, nothing is left retrying, and the audit chain verifies', async () => {
    const history = await handle.fetchHistory();
    const events = history.events!;
    // The numbering is a local activity, recorded as a marker in the workflow task that answered;
    // the poisoned decisions, revision and withdrawals never reached a write (workflows/ledger.ts).
    const failed = events.filter((e) => e.markerRecordedEventAttributes?.failure);
    expect(failed).toHaveLength(1);
    const attrs = failed[0].markerRecordedEventAttributes!;
    const data = JSON.parse(Buffer.from(attrs.details!.data!.payloads![0].data!).toString('utf8')) as { attempt: number; activity_type: string };
    expect([data.activity_type, data.attempt]).toEqual(['issueDocNumber', 1]);
    expect(attrs.failure!.applicationFailureInfo).toMatchObject({ nonRetryable: true });
    expect(events.filter((e) => e.activityTaskFailedEventAttributes)).toEqual([]);
    // Nothing is left retrying. The year that began at issuance may be running its first activity
    // (planning its mornings) at this very moment, once; that one finishes, a retrying one never does.
    await eventually(async () => expect((await handle.describe()).raw.pendingActivities ?? []).toEqual([]));

    const log = await audit();
    expect(log.verified).toBe(true);
    expect(log.entries.map((e: any) => e.seq)).toEqual(log.entries.map((_: unknown, i: number) => i + 1));
    expect(log.entries.map((e: any) => e.type)).toEqual([
      'campaign.launched',
      'command.refused',
      'command.refused',
      'co-sign.decided',
      'notice.revised',
      'command.refused',
      'command.refused',
      'command.refused',
      'co-sign.decided',
      'co-sign.decided',
      'sign-off',
      'activity.failed',
      'sign-off.voided',
      'sign-off',
      'issued',
      'distributed',
    ]);
    expect(JSON.stringify(log.entries)).not.toMatch(/\\u0000|\\ud800/);
    expect(await phases()).toEqual(['issued', 'issued']);
  });
});
