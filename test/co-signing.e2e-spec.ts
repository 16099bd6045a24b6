/**
 * The 2023 national joint notice co-signed end to end over HTTP, by the lead and its 20
 * co-signers, against the real Temporal dev server and real PostgreSQL: a rejection, a revision,
 * concurrent approvals, sign-off and numbering; then the other paths of the co-signing workflow.
 */
import { Client, Connection } from '@temporalio/client';
import { createHash } from 'node:crypto';
import { seedDefinition, smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { eventually, shanghaiDate, startSystem } from './support/system';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const year = Number(shanghaiDate(0).slice(0, 4));

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.close();
});

describe('the 2023 national notice (中国科协等21部门), co-signed end to end', () => {
  const national = seedDefinition('national-2023');
  const lead = () => sys.token('CAST', 'secretariat');
  const signer = (agency: string) => sys.token(agency, 'signer');
  let id: string;
  let v1: string;
  let v2: string;

  it('the lead launches it, rebased to start tomorrow', async () => {
    const res = await sys.http.post('/api/v1/campaigns', { ...national, rebaseTo: shanghaiDate(1) }, lead());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ phase: 'co-signing', notice: { version: 1 } });
    expect(res.body.workflowId).toBe(`campaign-${res.body.id}`);
    id = res.body.id;
    v1 = res.body.notice.sha256;
    expect(v1).toBe(sha256(national.body));

    const got = await sys.http.get(`/api/v1/campaigns/${id}`, signer('MOE'));
    expect(got.status).toBe(200);
    expect(got.body.leadAgency).toBe('CAST');
    expect(got.body.coSign.mode).toBe('parallel');
    expect(got.body.coSign.dueAt).toBe(`${shanghaiDate(1)}T18:00:00+08:00`);
    expect(got.body.coSign.signers.map((s: any) => s.agency)).toEqual(national.coSigners);
    expect(got.body.coSign.signers.every((s: any) => s.status === 'pending')).toBe(true);
  });

  it('every co-signer was asked, through the outbox', async () => {
    await eventually(async () => {
      const res = await sys.http.get(`/api/v1/campaigns/${id}/notifications`, lead());
      const asked = res.body.entries.filter((e: any) => e.kind === 'co-sign-request').map((e: any) => e.to.agency);
      expect(asked.sort()).toEqual([...national.coSigners].sort());
    });
  });

  it('a co-signer reads the text it decides on and its hash', async () => {
    const res = await sys.http.get(`/api/v1/campaigns/${id}/notice`, signer('MOE'));
    expect(res.status).toBe(200);
    expect(sha256(res.body.body)).toBe(v1);
    expect(res.body.versions).toHaveLength(1);
  });

  it('one approves, one rejects with a reason; a rejection without one is refused', async () => {
    expect((await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: v1 }, signer('CPD'))).status).toBe(200);
    const bare = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'reject', noticeSha256: v1 }, signer('CAC'));
    expect(bare.status).toBe(400);
    expect(bare.body.fields).toEqual([expect.objectContaining({ field: 'comment' })]);
    const rejected = await sys.http.post(
      `/api/v1/campaigns/${id}/co-sign/decisions`,
      { decision: 'reject', noticeSha256: v1, comment: '请在“活动内容”中补充网络安全科普内容' },
      signer('CAC'),
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ agency: 'CAC', status: 'rejected' });
    const c = (await sys.http.get(`/api/v1/campaigns/${id}`, lead())).body;
    expect(c.coSign.signers.find((s: any) => s.agency === 'CAC')).toMatchObject({ status: 'rejected', noticeSha256: v1, comment: expect.stringContaining('网络安全') });
  });

  it('sign-off before everyone approved is a 409', async () => {
    const res = await sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: v1 }, lead());
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('WRONG_PHASE');
  });

  it('the lead revises: a new version, every earlier decision void', async () => {
    const body = national.body.replace('防灾避险、安全生产', '防灾避险、安全生产、网络安全');
    expect(body).not.toBe(national.body);
    const res = await sys.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body, note: '采纳中央网信办意见' }, lead());
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ version: 2, sha256: sha256(body) });
    v2 = res.body.sha256;
    const c = (await sys.http.get(`/api/v1/campaigns/${id}`, lead())).body;
    expect(c.notice).toMatchObject({ version: 2, sha256: v2 });
    expect(c.coSign.signers.every((s: any) => s.status === 'pending' && s.noticeSha256 === null)).toBe(true);
    const notice = (await sys.http.get(`/api/v1/campaigns/${id}/notice`, lead())).body;
    expect(notice.versions.map((v: any) => [v.version, v.sha256, v.note])).toEqual([
      [1, v1, null],
      [2, v2, '采纳中央网信办意见'],
    ]);
  });

  it('a decision on the old text is stale (409) and changes nothing', async () => {
    const res = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: v1 }, signer('CPD'));
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('STALE_NOTICE');
    expect(res.body.fields[0].field).toBe('noticeSha256');
  });

  it('all 20 co-signers approve the new text at the same moment', async () => {
    const results = await Promise.all(
      national.coSigners.map((agency: string) =>
        sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: v2 }, signer(agency)),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(national.coSigners.map(() => 200));
    const c = (await sys.http.get(`/api/v1/campaigns/${id}`, lead())).body;
    expect(c.phase).toBe('awaiting-sign-off');
    expect(c.coSign.signers.every((s: any) => s.status === 'approved' && s.noticeSha256 === v2)).toBe(true);
  });

  it('the same decision again is idempotent (200, no new audit entry); a contradicting one is a 409', async () => {
    const before = (await sys.http.get(`/api/v1/campaigns/${id}/audit`, lead())).body.entries.length;
    const again = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: v2 }, signer('MOE'));
    expect(again.status).toBe(200);
    expect(again.body.repeated).toBe(true);
    const after = (await sys.http.get(`/api/v1/campaigns/${id}/audit`, lead())).body.entries.length;
    expect(after).toBe(before);
    const contra = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'reject', noticeSha256: v2, comment: '改主意了' }, signer('MOE'));
    expect(contra.status).toBe(409);
    expect(contra.body.error).toBe('CONFLICTING_DECISION');
  });

  it('only the lead’s secretariat signs off, and only the approved text', async () => {
    expect((await sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: v2 }, sys.token('MOE', 'secretariat'))).status).toBe(403);
    expect((await sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: v2 }, sys.token('CAST', 'signer'))).status).toBe(403);
    const stale = await sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: v1 }, lead());
    expect(stale.status).toBe(409);
    expect(stale.body.error).toBe('STALE_NOTICE');
  });

  it('sign-off (签发) numbers and issues it: 科协发〔year〕12号 once the sequence is set there', async () => {
    const admin = sys.token('CAST', 'admin');
    const seq = await sys.http.put(`/api/v1/doc-number-sequences/${encodeURIComponent('科协发')}/${year}`, { nextNumber: 12 }, admin);
    expect(seq.status).toBe(200);
    const res = await sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: v2 }, lead());
    expect(res.status).toBe(200);
    expect(res.body.docNumber).toBe(`科协发〔${year}〕12号`);
    expect(Date.parse(res.body.issuedAt)).toBeGreaterThan(Date.now() - 60_000);
    const again = await sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: v2 }, lead());
    expect(again.body.docNumber).toBe(res.body.docNumber);

    const c = (await sys.http.get(`/api/v1/campaigns/${id}`, signer('ACFIC'))).body;
    expect(c.phase).toBe('issued');
    expect(c.notice).toMatchObject({ version: 2, sha256: v2, docNumber: `科协发〔${year}〕12号`, issuedAt: res.body.issuedAt });
    expect(c.coSign.signOff).toMatchObject({ by: 'cast-secretariat', noticeSha256: v2 });
    // the sequence cannot be moved back below a number already issued
    const back = await sys.http.put(`/api/v1/doc-number-sequences/${encodeURIComponent('科协发')}/${year}`, { nextNumber: 5 }, admin);
    expect(back.status).toBe(409);
    expect(back.body.fields[0].field).toBe('nextNumber');
  });

  it('after issuance nothing about co-signing can change', async () => {
    expect((await sys.http.post(`/api/v1/campaigns/${id}/withdraw`, { reason: 'too late' }, lead())).status).toBe(409);
    expect((await sys.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body: 'x' }, lead())).status).toBe(409);
    const d = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'reject', noticeSha256: v2, comment: 'late' }, signer('CPD'));
    expect(d.status).toBe(409);
  });

  it('the audit log tells the whole story and its hash chain verifies', async () => {
    const res = await sys.http.get(`/api/v1/campaigns/${id}/audit`, lead());
    expect(res.status).toBe(200);
    expect(res.body.verified).toBe(true);
    const types = res.body.entries.map((e: any) => e.type);
    expect(types[0]).toBe('campaign.launched');
    expect(types.filter((t: string) => t === 'co-sign.decided')).toHaveLength(2 + 20);
    expect(types).toContain('notice.revised');
    // Issuance follows sign-off directly; the year's entries (distribution, phases) come after.
    expect(types.indexOf('issued')).toBe(types.indexOf('sign-off') + 1);
    expect(types.slice(0, types.indexOf('issued') + 1).filter((t: string) => ['distributed', 'phase.entered'].includes(t))).toEqual([]);
    expect(res.body.entries.map((e: any) => e.seq)).toEqual(types.map((_: unknown, i: number) => i + 1));
    for (let i = 1; i < res.body.entries.length; i++) expect(res.body.entries[i].prevHash).toBe(res.body.entries[i - 1].hash);
  });

  it('after issuance the same workflow runs the year: the notice is distributed to every recipient', async () => {
    const connection = await Connection.connect({ address: sys.config.temporal.address });
    try {
      const handle = new Client({ connection }).workflow.getHandle(`campaign-${id}`);
      expect((await handle.describe()).status.name).toBe('RUNNING');
      expect(await handle.query('state')).toMatchObject({ phase: 'issued', docNumber: `科协发〔${year}〕12号` });
      await eventually(async () => expect(await handle.query('year')).toMatchObject({ phase: 'issued', distributed: true }));
      const history = await handle.fetchHistory();
      expect(history.events!.length).toBeLessThan(1000);
    } finally {
      await connection.close();
    }
    const recipients = await sys.http.get(`/api/v1/campaigns/${id}/recipients?pageSize=1`, lead());
    expect(recipients.status).toBe(200);
    // 主送: 120 national societies + 46 × 19 provincial and sub-provincial departments + 18 of the Corps; 抄送: the 10 special units.
    expect(recipients.body.counts).toMatchObject({ main: 1012, cc: 10, delivered: 1022, acknowledged: 0 });
  });

  it('tampering with a stored audit entry is detected', async () => {
    // The table refuses UPDATE (append-only trigger); a DBA who disables the trigger is still caught.
    await expect(sys.db.query(`UPDATE audit_log SET actor = 'mallory' WHERE campaign_id = $1 AND seq = 2`, [id])).rejects.toThrow(/append-only/);
    await sys.db.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    try {
      await sys.db.query(`UPDATE audit_log SET payload = replace(payload, 'approve', 'reject') WHERE campaign_id = $1 AND seq = 2`, [id]);
    } finally {
      await sys.db.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    }
    const res = await sys.http.get(`/api/v1/campaigns/${id}/audit`, lead());
    expect(res.body).toMatchObject({ verified: false, brokenAt: 2 });
  });
});

describe('numbering under concurrency', () => {
  it('five campaigns signed off at the same moment get five distinct, gapless numbers', async () => {
    const prefix = `并发测试${Date.now() % 100000}发`;
    const lead = sys.token('CAST', 'secretariat');
    const ids: { id: string; sha: string }[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await sys.http.post(
        '/api/v1/campaigns',
        { ...smallDefinition({ docNumberPrefix: prefix, coSigners: ['MOE'], body: `通知正文 ${i}` }), rebaseTo: shanghaiDate(1) },
        lead,
      );
      expect(res.status).toBe(201);
      ids.push({ id: res.body.id, sha: res.body.notice.sha256 });
    }
    for (const c of ids) {
      expect((await sys.http.post(`/api/v1/campaigns/${c.id}/co-sign/decisions`, { decision: 'approve', noticeSha256: c.sha }, sys.token('MOE', 'signer'))).status).toBe(200);
    }
    const issued = await Promise.all(ids.map((c) => sys.http.post(`/api/v1/campaigns/${c.id}/sign-off`, { noticeSha256: c.sha }, lead)));
    expect(issued.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    const numbers = issued.map((r) => r.body.docNumber).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    expect(numbers).toEqual([1, 2, 3, 4, 5].map((n) => `${prefix}〔${year}〕${n}号`));
  });
});

describe('sequential co-signing', () => {
  it('asks one agency at a time in signature order', async () => {
    const lead = sys.token('CAST', 'secretariat');
    const res = await sys.http.post(
      '/api/v1/campaigns',
      { ...smallDefinition({ coSignMode: 'sequential', coSigners: ['MOE', 'MOST', 'CAS'], docNumberPrefix: `顺序${Date.now() % 100000}发` }), rebaseTo: shanghaiDate(1) },
      lead,
    );
    expect(res.status).toBe(201);
    const { id } = res.body;
    const sha = res.body.notice.sha256;
    const decide = (agency: string) => sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, sys.token(agency, 'signer'));
    const early = await decide('MOST');
    expect(early.status).toBe(409);
    expect(early.body.error).toBe('NOT_YOUR_TURN');
    expect((await decide('MOE')).status).toBe(200);
    let c = (await sys.http.get(`/api/v1/campaigns/${id}`, lead)).body;
    expect(c.coSign.signers.map((s: any) => s.askedAt !== null)).toEqual([true, true, false]);
    expect((await decide('MOST')).status).toBe(200);
    expect((await decide('CAS')).status).toBe(200);
    c = (await sys.http.get(`/api/v1/campaigns/${id}`, lead)).body;
    expect(c.phase).toBe('awaiting-sign-off');
    await eventually(async () => {
      const asked = (await sys.http.get(`/api/v1/campaigns/${id}/notifications`, lead)).body.entries
        .filter((e: any) => e.kind === 'co-sign-request')
        .map((e: any) => e.to.agency);
      expect(asked).toEqual(['MOE', 'MOST', 'CAS']);
    });
  });
});

describe('withdrawal (撤回)', () => {
  it('the lead withdraws with a reason; everyone pending is told; nothing more can be decided', async () => {
    const lead = sys.token('CAST', 'secretariat');
    const res = await sys.http.post(
      '/api/v1/campaigns',
      { ...smallDefinition({ coSigners: ['MOE', 'MOST', 'CAS'], docNumberPrefix: `撤回${Date.now() % 100000}发` }), rebaseTo: shanghaiDate(1) },
      lead,
    );
    const { id } = res.body;
    const sha = res.body.notice.sha256;
    await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, sys.token('MOE', 'signer'));
    expect((await sys.http.post(`/api/v1/campaigns/${id}/withdraw`, {}, lead)).status).toBe(400);
    expect((await sys.http.post(`/api/v1/campaigns/${id}/withdraw`, { reason: '活动方案调整' }, sys.token('MOE', 'secretariat'))).status).toBe(403);
    const w = await sys.http.post(`/api/v1/campaigns/${id}/withdraw`, { reason: '活动方案调整' }, lead);
    expect(w.status).toBe(200);
    const c = (await sys.http.get(`/api/v1/campaigns/${id}`, lead)).body;
    expect(c.phase).toBe('withdrawn');
    expect(c.withdrawal).toMatchObject({ reason: '活动方案调整', by: 'cast-secretariat' });
    const told = (await sys.http.get(`/api/v1/campaigns/${id}/notifications`, lead)).body.entries
      .filter((e: any) => e.kind === 'withdrawn')
      .map((e: any) => e.to.agency);
    expect(told.sort()).toEqual(['CAS', 'MOST']);
    const late = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha }, sys.token('MOST', 'signer'));
    expect(late.status).toBe(409);
    expect((await sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: sha }, lead)).status).toBe(409);
  });
});

describe('an earlier version of the notice (GET …/notice/versions/:version)', () => {
  it('answers each version’s own text to the parties, 404 for one that does not exist, 400 for a version that is not a whole number', async () => {
    const lead = sys.token('CAST', 'secretariat');
    const first = '各有关单位：请按通知要求开展活动。';
    const launched = await sys.http.post(
      '/api/v1/campaigns',
      { ...smallDefinition({ coSigners: ['MOE'], body: first, docNumberPrefix: `版本${Date.now() % 100000}发` }), rebaseTo: shanghaiDate(1) },
      lead,
    );
    expect(launched.status).toBe(201);
    const { id } = launched.body;
    const second = '各有关单位：请按通知要求认真开展科普活动。';
    const revised = await sys.http.post(`/api/v1/campaigns/${id}/notice/revisions`, { body: second, note: '补充“科普”二字' }, lead);
    expect(revised.status).toBe(201);

    const v1 = await sys.http.get(`/api/v1/campaigns/${id}/notice/versions/1`, sys.token('MOE', 'signer'));
    expect(v1.status).toBe(200);
    expect(v1.body).toEqual({ version: 1, sha256: sha256(first), body: first, note: null, createdBy: 'cast-secretariat', createdAt: expect.any(String) });
    const v2 = await sys.http.get(`/api/v1/campaigns/${id}/notice/versions/2`, lead);
    expect(v2.status).toBe(200);
    expect(v2.body).toMatchObject({ version: 2, sha256: sha256(second), body: second, note: '补充“科普”二字', createdBy: 'cast-secretariat' });
    // The history GET …/notice lists agrees with what each version answers.
    const notice = (await sys.http.get(`/api/v1/campaigns/${id}/notice`, lead)).body;
    expect(notice.versions.map((v: any) => [v.version, v.sha256, v.createdAt])).toEqual([
      [1, v1.body.sha256, v1.body.createdAt],
      [2, v2.body.sha256, v2.body.createdAt],
    ]);

    const missing = await sys.http.get(`/api/v1/campaigns/${id}/notice/versions/3`, lead);
    expect(missing.status).toBe(404);
    expect(missing.body.error).toBe('NOT_FOUND');
    for (const bad of ['abc', '1.5', '-1', '0', '1e3', '99999999999']) {
      const res = await sys.http.get(`/api/v1/campaigns/${id}/notice/versions/${bad}`, lead);
      expect({ bad, status: res.status, fields: res.body.fields?.map((f: any) => f.field) }).toEqual({ bad, status: 400, fields: ['version'] });
    }
    // Not a party (CPD neither leads, co-signs nor receives this one): nothing of it.
    const outsider = await sys.http.get(`/api/v1/campaigns/${id}/notice/versions/1`, sys.token('CPD', 'signer'));
    expect(outsider.status).toBe(403);
    expect(outsider.body.body).toBeUndefined();
    // No such campaign: 404, as for GET …/notice.
    expect((await sys.http.get('/api/v1/campaigns/00000000-0000-4000-8000-000000000000/notice/versions/1', lead)).status).toBe(404);
  });
});

describe('the system’s front door', () => {
  it('GET /health answers 200 when the database and Temporal both answer', async () => {
    const res = await sys.http.get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', details: { database: { status: 'up' }, temporal: { status: 'up' } } });
  });

  it('serves OpenAPI at /api/docs-json and the UI at /api/docs', async () => {
    const json = await sys.http.get('/api/docs-json');
    expect(json.status).toBe(200);
    expect(Object.keys(json.body.paths)).toEqual(
      expect.arrayContaining(['/api/v1/campaigns', '/api/v1/campaigns/{id}/co-sign/decisions', '/api/v1/campaigns/{id}/sign-off', '/api/v1/agencies']),
    );
    expect((await sys.http.get('/api/docs')).status).toBe(200);
  });

  it('GET /api/v1/agencies lists the directory with the seeds’ issuing agencies', async () => {
    const res = await sys.http.get('/api/v1/agencies', sys.token('MOE', 'signer'));
    expect(res.status).toBe(200);
    const byCode = Object.fromEntries(res.body.map((a: any) => [a.code, a]));
    expect(byCode.CAST).toMatchObject({ code: 'CAST', name: '中国科学技术协会', shortName: '中国科协', level: 'national', parentCode: null, region: 'CN' });
    expect(byCode.HA_CAST).toMatchObject({ shortName: '河南省科协', level: 'provincial', parentCode: 'CAST' });
    // The 21 national issuers, then the national societies and the 10 special participating units (抄送).
    const national = res.body.filter((a: any) => a.level === 'national');
    expect(national.filter((a: any) => !['SOCIETY', 'SPECIAL'].includes(a.kind))).toHaveLength(21);
    expect(national.filter((a: any) => a.kind === 'SPECIAL')).toHaveLength(10);
    expect(byCode.HA_ZZ_CAST).toMatchObject({ region: 'HA_ZZ', level: 'municipal', parentCode: 'HA_CAST' });
  });
});
