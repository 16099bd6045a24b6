/**
 * POST /api/v1/definitions/parse over the real system: the seeds and a notice it has never seen
 * read into drafts, and each draft launched as it comes (POST /api/v1/campaigns with rebaseTo);
 * its bad inputs. The field-by-field comparison with campaigns/*.yaml is the unit spec's
 * (libs/domain/src/notice-parse.spec.ts); here the API's own directory and prefixes are used.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { seedDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { shanghaiDate, startSystem } from './support/system';

const notice = (file: string) => readFileSync(path.join(__dirname, 'fixtures', 'notices', file), 'utf8');
const NATIONAL = notice('000_eba648212c87e9f6.txt');
const HENAN = notice('002_615adf6ae43f9a4e.txt');
const GUANGDONG = notice('guangdong-st-2024.txt');
const PARSE = '/api/v1/definitions/parse';

let sys: TestSystem;
beforeAll(async () => {
  sys = await startSystem();
});
afterAll(async () => {
  await sys?.close();
});

const parse = (text: string, token = sys.token('BJ_CAST', 'recipient'), contentType = 'text/plain; charset=utf-8') =>
  sys.http.request('POST', PARSE, { token, text, contentType });

describe('a notice read into a draft, and the draft launched', () => {
  it('the national seed: the yaml’s definition, but for the date co-signing ends; the prefix the lead numbers under', async () => {
    const res = await parse(NATIONAL);
    expect(res.status).toBe(200);
    const { coSignDueAt, ...rest } = res.body.definition;
    const { coSignDueAt: yamlDue, ...want } = seedDefinition('national-2023');
    expect(rest).toEqual(want);
    expect([coSignDueAt, yamlDue]).toEqual(['2023-08-18T18:00:00+08:00', '2023-08-02T18:00:00+08:00']);
    expect(res.body.warnings).toEqual([
      { line: null, message: expect.stringContaining('no date of writing') },
      // 科协发 is CAST's in the database (a seeded claim): not a guess (other specs may have given CAST more prefixes)
      { line: null, message: expect.stringMatching(/^no document number \(发文字号\) printed: docNumberPrefix is 科协发, (the prefix|one of the prefixes .*) CAST numbers under$/) },
    ]);

    const launched = await sys.http.post('/api/v1/campaigns', { ...res.body.definition, rebaseTo: shanghaiDate(1) }, sys.token('CAST', 'secretariat'));
    expect(launched.status).toBe(201);
    expect(launched.body.recipients).toMatchObject({ main: 1012, cc: 10, openEnded: ['各有关单位'] });
    const text = await sys.http.get(`/api/v1/campaigns/${launched.body.id}/notice`, sys.token('MOE', 'signer'));
    expect(text.body.body).toBe(want.body);
  });

  it('the Henan seed: the yaml itself; launched, the header that names 工商联 is flagged again', async () => {
    const res = await parse(HENAN, sys.token('HA_CAST', 'signer'));
    expect(res.status).toBe(200);
    expect(res.body.definition).toEqual(seedDefinition('henan-2023'));
    expect(res.body.warnings).toEqual([{ line: 5, message: expect.stringContaining('河南省工商业联合会 (HA_FIC)') }]);
    expect(res.body.facts).toMatchObject({ docNumber: '豫科协发〔2023〕50号', writtenOn: '2023-08-25', printedOn: '2023-08-25' });

    const launched = await sys.http.post('/api/v1/campaigns', { ...res.body.definition, rebaseTo: shanghaiDate(1) }, sys.token('HA_CAST', 'secretariat'));
    expect(launched.status).toBe(201);
    expect(launched.body.warnings).toEqual(expect.arrayContaining([{ field: 'headerIssuers', message: expect.stringContaining('HA_FIC') }]));
  });

  it('a notice it has never seen (广东省科学技术厅, 2024, across the year end): no warning, launched as it is', async () => {
    const res = await parse(GUANGDONG);
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([]);
    expect(res.body.definition).toMatchObject({
      leadAgency: 'GD_ST',
      coSigners: ['GD_CAST', 'GD_EDU'],
      docNumberPrefix: '粤科函普字',
      milestones: { concentratedWeek: { startsAt: '2024-12-28T00:00:00+08:00', endsAt: '2025-01-03T23:59:59+08:00' }, summaryDueAt: '2025-01-20T00:00:00+08:00' },
    });
    expect(res.body.facts.attachments).toHaveLength(2);

    const launched = await sys.http.post('/api/v1/campaigns', { ...res.body.definition, rebaseTo: shanghaiDate(1) }, sys.token('GD_ST', 'secretariat'));
    expect(launched.status).toBe(201);
    expect(launched.body.recipients).toMatchObject({ main: 6, cc: 2, reporting: 4 });
    const got = await sys.http.get(`/api/v1/campaigns/${launched.body.id}`, sys.token('GD_EDU', 'signer'));
    expect(got.body.coSign.signers.map((s: { agency: string }) => s.agency)).toEqual(['GD_CAST', 'GD_EDU']);
  });

  it('reads a body the platform imported: the directory is the database’s, not only the shipped one', async () => {
    const csv = 'code,name,shortName,level,kind,region,regionName,regionType,parentCode,parentRegion\nGD_PARSE_SCI,广东科学中心,广东科学中心,provincial,SPECIAL,GD,广东省,province,,\n';
    expect((await sys.http.request('POST', '/api/v1/agencies/import', { token: sys.token('CAST', 'admin'), text: csv, contentType: 'text/csv' })).status).toBeLessThan(300);
    const res = await parse(GUANGDONG.replace('抄送：广东省卫生健康委员会、广东省应急管理厅。', '抄送：广东省卫生健康委员会、广东科学中心、广东省博物馆。'));
    expect(res.body.definition.recipients.cc).toEqual(['广东省卫生健康委员会', '广东科学中心', '广东省博物馆']);
    const ccLine = GUANGDONG.split('\n').findIndex((l) => l.startsWith('抄送：')) + 1;
    expect(res.body.warnings).toEqual([{ line: ccLine, message: expect.stringContaining('抄送 "广东省博物馆" names no body of the directory') }]);
  });
});

describe('bad input', () => {
  it('no token: 401', async () => {
    expect((await sys.http.request('POST', PARSE, { text: NATIONAL })).status).toBe(401);
  });

  it('an empty body, or only whitespace: 400 naming body', async () => {
    for (const text of ['', ' \n\t\n']) {
      const res = await parse(text);
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([{ field: 'body', message: expect.stringContaining('not empty') }]);
    }
    const none = await sys.http.raw(PARSE, { method: 'POST', headers: { authorization: `Bearer ${sys.token('CAST', 'signer')}` } });
    expect(none.status).toBe(400);
  });

  it('another media type: 415 naming content-type (JSON, CSV, a body without a type)', async () => {
    const json = await sys.http.post(PARSE, { text: NATIONAL }, sys.token('CAST', 'signer'));
    expect(json.status).toBe(415);
    expect(json.body.fields).toEqual([{ field: 'content-type', message: 'text/plain' }]);
    expect((await parse(NATIONAL, undefined, 'text/csv')).status).toBe(415);
    const untyped = await sys.http.raw(PARSE, { method: 'POST', headers: { authorization: `Bearer ${sys.token('CAST', 'signer')}` }, body: new TextEncoder().encode(NATIONAL) });
    expect(untyped.status).toBe(415);
  });

  it('text that is not text (NUL, an escape): 400 naming body; CR LF and form feeds are line breaks', async () => {
    for (const text of [`${GUANGDONG}\u0000`, `\u001b[2J${GUANGDONG}`]) {
      const res = await parse(text);
      expect(res.status).toBe(400);
      expect(res.body.fields).toEqual([{ field: 'body', message: expect.stringContaining('control character') }]);
    }
    const windows = await parse(GUANGDONG.replace(/\n/g, '\r\n').replace('\r\n\r\n二、', '\r\n\f\r\n二、'));
    expect(windows.status).toBe(200);
    expect(windows.body.warnings).toEqual([]);
  });

  it('a body beyond the limit (1 MB): 413', async () => {
    const res = await parse('通知'.repeat(200_000));
    expect(res.status).toBe(413);
    expect(res.body.fields).toEqual([{ field: 'body', message: 'too large' }]);
  });
});
