/**
 * Co-signing changed in flight by the lead's secretariat (issue 12), over HTTP against the real
 * API, worker, Temporal dev server and PostgreSQL: 加签 (POST …/co-sign/signers), 减签 (DELETE
 * …/co-sign/signers/:agency), moving the deadline (PATCH …/co-sign) and 手动催办 (POST
 * …/co-sign/urge) — each with who may do it and its bad inputs, what the co-signers are told, the
 * audit log, the rendered signature block, and nothing after sign-off. The deadline's escalation
 * and the urge's working day over days are test/co-sign-changes-cadence.e2e-spec.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { eventually, shanghaiDate, startSystem } from './support/system';

let sys: TestSystem;
const work = mkdtempSync(join(tmpdir(), 'co-sign-changes-'));
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.close();
  rmSync(work, { recursive: true, force: true });
});

const lead = () => sys.token('CAST', 'secretariat');
const otherSecretariat = () => sys.token('HA_CAST', 'secretariat');
const signer = (agency: string) => sys.token(agency, 'signer');
const base = (id: string) => `/api/v1/campaigns/${id}`;

async function launch(coSigners: string[], docNumberPrefix: string) {
  const res = await sys.http.post('/api/v1/campaigns', { ...smallDefinition({ coSigners, docNumberPrefix }), rebaseTo: shanghaiDate(7) }, lead());
  expect(res.status).toBe(201);
  return res.body as { id: string; notice: { sha256: string } };
}

const campaign = async (id: string) => (await sys.http.get(base(id), lead())).body;
const told = async (id: string, kind: string) =>
  ((await sys.http.get(`${base(id)}/notifications`, lead())).body.entries as { kind: string; to: { agency: string }; reason: string }[]).filter((e) => e.kind === kind);
const auditTypes = async (id: string) => {
  const audit = (await sys.http.get(`${base(id)}/audit`, lead())).body;
  expect(audit.verified).toBe(true);
  return (audit.entries as { type: string; data: Record<string, unknown> }[]).map((e) => e.type);
};
const fields = (body: { fields: { field: string }[] }) => body.fields.map((f) => f.field);

/** The text of the rendered notice (PDF), squeezed: what its signature block says. */
async function pdfText(id: string): Promise<string> {
  const res = await fetch(`${sys.url}${base(id)}/notice.pdf`, { headers: { authorization: `Bearer ${lead()}` } });
  expect(res.status).toBe(200);
  const file = join(work, `${id}-${Date.now()}.pdf`);
  writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
}

describe('co-signing changed in flight by the lead', () => {
  let id: string;
  let sha: string;

  beforeAll(async () => {
    ({ id, notice: { sha256: sha } } = await launch(['CPD', 'CAC'], '变更测试发'));
    await eventually(async () => expect(await told(id, 'co-sign-request')).toHaveLength(2));
  });

  describe('加签: POST /campaigns/:id/co-sign/signers', () => {
    it('adds an agency at the given place in the signature order; it is asked at once and may decide', async () => {
      const res = await sys.http.post(`${base(id)}/co-sign/signers`, { agency: 'MOST', order: 1 }, lead());
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ agency: 'MOST', order: 1, phase: 'co-signing', askedAt: expect.any(String) });
      const c = await campaign(id);
      expect(c.coSign.signers.map((s: any) => `${s.order}:${s.agency}`)).toEqual(['1:MOST', '2:CPD', '3:CAC']);
      await eventually(async () => expect((await told(id, 'co-sign-request')).map((e) => e.to.agency)).toContain('MOST'));
      // MOST now sees the notice it is asked to co-sign
      expect((await sys.http.get(`${base(id)}/notice`, signer('MOST'))).status).toBe(200);
      expect(await auditTypes(id)).toContain('co-sign.signer-added');
    });

    it('who may not, and bad input: 403, 400 naming the field, 409 for an agency already co-signing', async () => {
      const add = (json: unknown, token = lead()) => sys.http.post(`${base(id)}/co-sign/signers`, json, token);
      expect((await add({ agency: 'MOE' }, otherSecretariat())).status).toBe(403);
      expect((await add({ agency: 'MOE' }, signer('CPD'))).status).toBe(403);
      expect((await add({ agency: 'MOE' }, sys.token('CAST', 'signer'))).status).toBe(403);
      const again = await add({ agency: 'CAC' });
      expect([again.status, again.body.error, fields(again.body)]).toEqual([409, 'ALREADY_A_CO_SIGNER', ['agency']]);
      for (const [json, field] of [
        [{ agency: 'CAST' }, 'agency'], // the lead itself
        [{ agency: 'NO_SUCH_BODY' }, 'agency'], // not in the directory
        [{ agency: 'most' }, 'agency'],
        [{}, 'agency'],
        [{ agency: 'MOE', order: 0 }, 'order'],
        [{ agency: 'MOE', order: 9 }, 'order'], // past the end of the order (4 places)
        [{ agency: 'MOE', order: 1.5 }, 'order'],
        [{ agency: 'MOE', order: null }, 'order'],
        [{ agency: 'MOE', extra: 1 }, 'extra'],
      ] as const) {
        const r = await add(json);
        expect({ json, status: r.status, fields: fields(r.body) }).toEqual({ json, status: 400, fields: [field] });
      }
      expect((await sys.http.post('/api/v1/campaigns/00000000-0000-4000-8000-000000000000/co-sign/signers', { agency: 'MOE' }, lead())).status).toBe(404);
      expect((await campaign(id)).coSign.signers).toHaveLength(3); // nothing changed
    });
  });

  describe('减签: DELETE /campaigns/:id/co-sign/signers/:agency', () => {
    const remove = (agency: string, json: unknown, token = lead()) => sys.http.request('DELETE', `${base(id)}/co-sign/signers/${agency}`, { token, json });

    it('who may not, and bad input', async () => {
      expect((await remove('CAC', { reason: '理由' }, otherSecretariat())).status).toBe(403);
      expect((await remove('CAC', { reason: '理由' }, signer('CAC'))).status).toBe(403);
      for (const json of [{}, { reason: '' }, { reason: '   ' }, { reason: 7 }]) {
        const r = await remove('CAC', json);
        expect({ json, status: r.status, fields: fields(r.body) }).toEqual({ json, status: 400, fields: ['reason'] });
      }
      const lead_ = await remove('CAST', { reason: '理由' });
      expect([lead_.status, fields(lead_.body)]).toEqual([400, ['agency']]);
      const stranger = await remove('MOE', { reason: '理由' });
      expect([stranger.status, fields(stranger.body)]).toEqual([404, ['agency']]);
      expect((await remove('not-a-code', { reason: '理由' })).status).toBe(400);
    });

    it('removes a co-signer with a reason: its decision no longer counts and it is told why', async () => {
      expect((await sys.http.post(`${base(id)}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, signer('CAC'))).status).toBe(200);
      const res = await remove('CAC', { reason: '经研究，本次活动不涉及该单位职责' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ agency: 'CAC', phase: 'co-signing' });
      const c = await campaign(id);
      expect(c.coSign.signers.map((s: any) => `${s.order}:${s.agency}`)).toEqual(['1:MOST', '2:CPD']);
      expect(c.coSign.removed).toEqual([{ agency: 'CAC', status: 'approved', removedAt: expect.any(String), reason: '经研究，本次活动不涉及该单位职责', version: 1 }]);
      await eventually(async () => expect((await told(id, 'co-sign-removed')).map((e) => [e.to.agency, e.reason])).toEqual([['CAC', 'the lead removed you from the co-signers of notice version 1: 经研究，本次活动不涉及该单位职责']]));
      // it can no longer decide
      expect((await sys.http.post(`${base(id)}/co-sign/decisions`, { decision: 'reject', noticeSha256: sha, comment: 'x' }, signer('CAC'))).status).toBe(403);
      expect(await auditTypes(id)).toContain('co-sign.signer-removed');
    });

    it('the signature block of the rendered notice follows the current co-signers', async () => {
      const text = await pdfText(id);
      expect(text).toContain('科技部');
      expect(text).toContain('中央宣传部');
      expect(text).not.toContain('中央网信办');
      expect(text.indexOf('科技部')).toBeLessThan(text.indexOf('中央宣传部')); // MOST signs first
    });

    it('the last co-signer cannot be removed: a joint notice needs one', async () => {
      const one = await launch(['CPD'], '变更单签发');
      const r = await sys.http.request('DELETE', `${base(one.id)}/co-sign/signers/CPD`, { token: lead(), json: { reason: '理由' } });
      expect([r.status, r.body.error, fields(r.body)]).toEqual([409, 'LAST_CO_SIGNER', ['agency']]);
    });
  });

  describe('the deadline: PATCH /campaigns/:id/co-sign', () => {
    const move = (json: unknown, token = lead()) => sys.http.patch(`${base(id)}/co-sign`, json, token);

    it('who may not, and bad input', async () => {
      const later = `${shanghaiDate(9)}T18:00:00+08:00`;
      expect((await move({ dueAt: later }, otherSecretariat())).status).toBe(403);
      expect((await move({ dueAt: later }, signer('CPD'))).status).toBe(403);
      for (const json of [{}, { dueAt: 'tomorrow' }, { dueAt: '2020-01-01T18:00:00+08:00' }, { dueAt: `${shanghaiDate(-1)}T18:00:00+08:00` }, { dueAt: '2099-01-01T18:00:00+08:00' }, { dueAt: null }]) {
        const r = await move(json);
        expect({ json, status: r.status, fields: fields(r.body) }).toEqual({ json, status: 400, fields: ['dueAt'] });
      }
      expect(fields((await move({ dueAt: later, extra: true })).body)).toEqual(['extra']);
    });

    it('moves it; everyone still pending is told; the same deadline again changes nothing', async () => {
      const from = (await campaign(id)).coSign.dueAt;
      const dueAt = `${shanghaiDate(9)}T18:00:00+08:00`;
      const res = await move({ dueAt });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ dueAt, from, told: ['MOST', 'CPD'], unchanged: false });
      expect((await campaign(id)).coSign.dueAt).toBe(dueAt);
      await eventually(async () => expect((await told(id, 'co-sign-deadline-moved')).map((e) => e.to.agency).sort()).toEqual(['CPD', 'MOST']));
      expect(await move({ dueAt })).toMatchObject({ status: 200, body: { unchanged: true, told: [] } });
      expect((await auditTypes(id)).filter((t) => t === 'co-sign.deadline-moved')).toHaveLength(1);
    });
  });

  describe('手动催办: POST /campaigns/:id/co-sign/urge', () => {
    const urge = (json: unknown, token = lead()) => sys.http.post(`${base(id)}/co-sign/urge`, json, token);

    it('who may not, and bad input: an agency that decided, one not co-signing, the lead', async () => {
      expect((await urge({}, otherSecretariat())).status).toBe(403);
      expect((await urge({}, signer('CPD'))).status).toBe(403);
      expect((await sys.http.post(`${base(id)}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, signer('CPD'))).status).toBe(200);
      const decided = await urge({ agency: 'CPD' });
      expect([decided.status, decided.body.error, fields(decided.body)]).toEqual([409, 'ALREADY_DECIDED', ['agency']]);
      for (const [json, field] of [
        [{ agency: 'CAC' }, 'agency'], // removed
        [{ agency: 'CAST' }, 'agency'],
        [{ agency: 'MOST', message: 'x'.repeat(501) }, 'message'],
        [{ agency: 'MOST', message: 3 }, 'message'],
        [{ agency: 'MOST', extra: 1 }, 'extra'],
      ] as const) {
        const r = await urge(json);
        expect({ json, status: r.status, fields: fields(r.body) }).toEqual({ json, status: 400, fields: [field] });
      }
    });

    it('urges a pending co-signer with a message, delivered like every reminder; a second the same working day is a 429 that says when', async () => {
      const res = await urge({ agency: 'MOST', message: '请于今日下班前反馈意见' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ urged: ['MOST'], skipped: [] });
      await eventually(async () => {
        const reminders = (await sys.http.get(`${base(id)}/reminders`, lead())).body.entries as { kind: string; to: { agency: string }; reason: string }[];
        expect(reminders.map((r) => [r.kind, r.to.agency])).toEqual([['co-sign-urge', 'MOST']]);
        expect(reminders[0].reason).toMatch(/^urged by the lead: .*Message: 请于今日下班前反馈意见$/);
      });
      // MOST reads it in its inbox, in Chinese
      await eventually(async () => {
        const inbox = (await sys.http.get('/api/v1/inbox?kind=co-sign-urge', signer('MOST'))).body;
        expect(JSON.stringify(inbox)).toContain('牵头单位留言：请于今日下班前反馈意见');
      });

      const again = await fetch(`${sys.url}${base(id)}/co-sign/urge`, {
        method: 'POST',
        headers: { authorization: `Bearer ${lead()}`, 'content-type': 'application/json' },
        body: JSON.stringify({ agency: 'MOST' }),
      });
      const body = (await again.json()) as { error: string; message: string; fields: { field: string; message: string }[] };
      expect([again.status, body.error, fields(body)]).toEqual([429, 'URGED_TODAY', ['agency']]);
      const retryAfter = Number(again.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(20 * 24 * 3600); // the next working day, however long the holiday
      const next = /possible from (\S+)$/.exec(body.message)![1];
      expect(Math.abs(Date.parse(next) - Date.now() - retryAfter * 1000)).toBeLessThan(60_000);
      // everyone pending is MOST alone: urged already, so 429 too
      expect((await urge({})).status).toBe(429);
      const audit = (await sys.http.get(`${base(id)}/audit`, lead())).body.entries as { type: string; actor: string; data: any }[];
      expect(audit.filter((e) => e.type === 'co-sign.urged').map((e) => e.data)).toEqual([{ agencies: ['MOST'], message: '请于今日下班前反馈意见', skipped: [] }]);
    });
  });

  describe('a change that completes co-signing, and nothing after sign-off', () => {
    it('a co-signer added to a notice awaiting sign-off reopens it; removed again, the notice is ready once more', async () => {
      expect((await sys.http.post(`${base(id)}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, signer('MOST'))).status).toBe(200);
      await eventually(async () => expect((await campaign(id)).phase).toBe('awaiting-sign-off'));
      expect((await sys.http.post(`${base(id)}/co-sign/signers`, { agency: 'MOE' }, lead())).body).toMatchObject({ order: 3, phase: 'co-signing' });
      expect((await sys.http.post(`${base(id)}/sign-off`, { noticeSha256: sha }, lead())).status).toBe(409);
      const r = await sys.http.request('DELETE', `${base(id)}/co-sign/signers/MOE`, { token: lead(), json: { reason: '不再需要' } });
      expect(r.body).toMatchObject({ agency: 'MOE', phase: 'awaiting-sign-off' });
      await eventually(async () => expect(await told(id, 'ready-for-sign-off')).toHaveLength(2));
    });

    it('after sign-off every change is a 409', async () => {
      const issued = await sys.http.post(`${base(id)}/sign-off`, { noticeSha256: sha }, lead());
      expect(issued.status).toBe(200);
      for (const r of [
        await sys.http.post(`${base(id)}/co-sign/signers`, { agency: 'MOE' }, lead()),
        await sys.http.request('DELETE', `${base(id)}/co-sign/signers/CPD`, { token: lead(), json: { reason: '理由' } }),
        await sys.http.patch(`${base(id)}/co-sign`, { dueAt: `${shanghaiDate(9)}T19:00:00+08:00` }, lead()),
        await sys.http.post(`${base(id)}/co-sign/urge`, {}, lead()),
      ]) {
        expect([r.status, r.body.error]).toEqual([409, 'WRONG_PHASE']);
      }
      // the issued notice is signed by whoever co-signed it, and verifies as approved by them all
      const text = await pdfText(id);
      expect(text).toContain('科技部');
      expect(text).not.toContain('中央网信办');
      expect(text).not.toContain('教育部');
      expect((await sys.http.post('/api/v1/verify', { sha256: sha })).body).toMatchObject({ known: true, approved: true, issued: true });
    });
  });
});
