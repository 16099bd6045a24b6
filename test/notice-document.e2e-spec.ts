/**
 * The notice as a document (issue 11), over HTTP against the real system: the national notice and
 * Henan's relay rendered as GB/T 9704 says and read back with poppler-utils (pdfinfo, pdffonts,
 * pdftotext -bbox-layout, pdftoppm: page 1 of each is kept under test-artifacts/documents/), the
 * Word file read back from its zip, the cache, and verification by hash and by file.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { findRepoRoot } from '@config/temporal-binaries';
import { seedDefinition, smallDefinition } from './support/definitions';
import type { TestSystem } from './support/system';
import { shanghaiDate, startIsolatedSystem } from './support/system';

let sys: TestSystem;
const work = mkdtempSync(path.join(tmpdir(), 'notice-document-'));
const artifacts = path.join(findRepoRoot(), 'test-artifacts', 'documents');
beforeAll(async () => {
  // A database of its own: verification answers by the text's hash, and other specs issue the
  // seed's very text (the same hash) on the shared one.
  sys = await startIsolatedSystem();
  mkdirSync(artifacts, { recursive: true });
});
afterAll(async () => {
  await sys?.close();
});

// ───────────────────────────────────────────────────────────── reading a PDF back

const MM = 72 / 25.4;
const PAGE_W = 210 * MM;
const TYPE_LEFT = 28 * MM;
const TYPE_RIGHT = (28 + 156) * MM;
const TYPE_BOTTOM = (37 + 225) * MM;

interface Row {
  page: number;
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
  text: string;
}

function save(name: string, bytes: Buffer): string {
  const file = path.join(work, name);
  writeFileSync(file, bytes);
  return file;
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** pdftotext -bbox-layout's words, grouped into rows (same baseline, left to right), per page. */
function rowsOf(file: string): Row[][] {
  const html = run('pdftotext', ['-bbox-layout', file, '-']);
  const pages: Row[][] = [];
  for (const [n, pageHtml] of html.split('<page ').slice(1).entries()) {
    const words = [...pageHtml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
      yMax: Number(m[4]),
      text: m[5].replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
    }));
    words.sort((a, b) => a.yMax - b.yMax || a.xMin - b.xMin);
    const rows: Row[] = [];
    for (const w of words) {
      const row = rows.find((r) => Math.abs(r.yMax - w.yMax) < 2.5);
      if (row) {
        row.xMin = Math.min(row.xMin, w.xMin);
        row.xMax = Math.max(row.xMax, w.xMax);
        row.yMin = Math.min(row.yMin, w.yMin);
        (row as Row & { words: typeof words }).words.push(w);
      } else rows.push(Object.assign({ page: n + 1, ...w }, { words: [w] }));
    }
    for (const r of rows as (Row & { words: typeof words })[]) {
      r.words.sort((a, b) => a.xMin - b.xMin);
      r.text = r.words.map((w) => w.text).join(' ');
    }
    rows.sort((a, b) => a.yMin - b.yMin);
    pages.push(rows);
  }
  return pages;
}

const centre = (r: Row) => (r.xMin + r.xMax) / 2;
const squeeze = (s: string) => s.replace(/\s+/g, '');
function findRow(pages: Row[][], test: (text: string) => boolean, page?: number): Row {
  const rows = page ? pages[page - 1] : pages.flat();
  const hit = rows.find((r) => test(squeeze(r.text)));
  if (!hit) throw new Error(`no row matches ${test.toString()} on ${page ? `page ${page}` : 'any page'}`);
  return hit;
}

/** What every rendered notice must be: A4 pages, every font embedded, page numbers on the outer side. */
function checkPdf(file: string): { pages: Row[][]; info: string } {
  const info = run('pdfinfo', [file]);
  expect(info).toMatch(/Page size:\s+595\.2\d x 841\.8\d pts \(A4\)/);
  const fonts = run('pdffonts', [file]).trim().split('\n').slice(2);
  expect(fonts.length).toBeGreaterThan(0);
  for (const f of fonts) expect(f.split(/\s+/).slice(-5, -4)[0]).toBe('yes'); // the emb column
  const pages = rowsOf(file);
  expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(pages.length);
  pages.forEach((rows, i) => {
    const n = i + 1;
    const number = rows.find((r) => new RegExp(`^—${n}—$`).test(squeeze(r.text)));
    expect({ page: n, number: !!number }).toEqual({ page: n, number: true });
    expect(number!.yMin).toBeGreaterThan(TYPE_BOTTOM + 5 * MM);
    if (n % 2 === 1) expect(number!.xMax).toBeGreaterThan(TYPE_RIGHT - 20);
    else expect(number!.xMin).toBeLessThan(TYPE_LEFT + 20);
  });
  return { pages, info };
}

/** Page 1 as a PNG, kept for people to look at (test-artifacts/ is not committed). */
function keepPage1(file: string, name: string): void {
  run('pdftoppm', ['-r', '60', '-f', '1', '-l', '1', '-png', '-singlefile', file, path.join(artifacts, name)]);
}

/** The 版记 at the foot of the last page: its printing line just above the type area's bottom, the lowest text there. */
function checkFoot(pages: Row[][], office: string): Row {
  const last = pages[pages.length - 1];
  const printed = findRow(pages, (t) => t.startsWith(office) && /印发$/.test(t), pages.length);
  expect(printed.yMax).toBeLessThanOrEqual(TYPE_BOTTOM + 1);
  expect(printed.yMax).toBeGreaterThan(TYPE_BOTTOM - 14);
  const below = last.filter((r) => r.yMin > printed.yMax && !/^—\d+—$/.test(squeeze(r.text)) && !/SHA-256|verify/.test(r.text));
  expect(below.filter((r) => r.yMax < TYPE_BOTTOM)).toEqual([]);
  return printed;
}

/** Names in order in the text of the given rows. */
function expectInOrder(text: string, names: string[]): void {
  let at = -1;
  for (const n of names) {
    const i = text.indexOf(n, at + 1);
    expect({ name: n, found: i > at }).toEqual({ name: n, found: true });
    at = i;
  }
}

// ───────────────────────────────────────────────────────────── reading a DOCX back

/** The entries of a zip (the DOCX container), from its central directory. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(start, start + size);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

/** The paragraphs' texts of word/document.xml, in order. */
function docxParagraphs(xml: string): string[] {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => [...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')).filter((t) => t !== '');
}

// ───────────────────────────────────────────────────────────── the specs

const suffix = String(Date.now() % 100000);
const nationalPrefix = `科协文档测${suffix}发`;
const henanPrefix = `豫科协文档测${suffix}发`;
const national = seedDefinition('national-2023');
const henan = seedDefinition('henan-2023');
const cast = () => sys.token('CAST', 'secretariat');
const haCast = () => sys.token('HA_CAST', 'secretariat');

async function getFile(url: string, token: string) {
  const t0 = performance.now();
  const res = await fetch(`${sys.url}${url}`, { headers: { authorization: `Bearer ${token}` } });
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes, ms: performance.now() - t0, headers: res.headers, json: () => JSON.parse(bytes.toString('utf8')) };
}

async function approveAndSignOff(id: string, coSigners: string[], lead: string): Promise<{ sha256: string; docNumber: string }> {
  const sha256 = (await sys.http.get(`/api/v1/campaigns/${id}/notice`, sys.token(lead, 'secretariat'))).body.sha256;
  for (const a of coSigners) {
    const r = await sys.http.post(`/api/v1/campaigns/${id}/co-sign/decisions`, { decision: 'approve', noticeSha256: sha256 }, sys.token(a, 'signer'));
    expect(r.status).toBe(200);
  }
  const signed = await sys.http.post(`/api/v1/campaigns/${id}/sign-off`, { noticeSha256: sha256 }, sys.token(lead, 'secretariat'));
  expect(signed.status).toBe(200);
  return { sha256, docNumber: signed.body.docNumber };
}

describe('the national notice (21 issuers) and Henan’s relay as documents', () => {
  let nationalId: string;
  let draftSha: string;
  let issuedSha: string;
  let docNumber: string;
  let issuedPdf: Buffer;

  it('a draft renders watermarked 草稿 with its version and hash; its access is the notice’s', async () => {
    const launched = await sys.http.post('/api/v1/campaigns', { ...national, docNumberPrefix: nationalPrefix, rebaseTo: shanghaiDate(1) }, cast());
    expect(launched.status).toBe(201);
    nationalId = launched.body.id;
    draftSha = launched.body.notice.sha256;
    const draft = await getFile(`/api/v1/campaigns/${nationalId}/notice.pdf`, cast());
    expect(draft.status).toBe(200);
    expect(draft.headers.get('content-type')).toBe('application/pdf');
    const { pages } = checkPdf(save('national-draft.pdf', draft.bytes));
    const text = pages.flat().map((r) => squeeze(r.text)).join('\n');
    expect(text).toContain('草稿');
    expect(text).toContain(`第1稿`);
    expect(text).toContain(draftSha);
    expect(findRow(pages, (t) => t.startsWith(nationalPrefix), 1).text).toMatch(/〔\d{4}〕\s*号/); // no number yet
    // Who may read the notice may read its document; nobody else.
    expect((await getFile(`/api/v1/campaigns/${nationalId}/notice.pdf`, sys.token('MOE', 'signer'))).status).toBe(200);
    expect((await getFile(`/api/v1/campaigns/${nationalId}/notice.pdf`, sys.token('HA_ZZ_CAST', 'recipient'))).status).toBe(403);
    expect((await fetch(`${sys.url}/api/v1/campaigns/${nationalId}/notice.pdf`)).status).toBe(401);
  });

  it('?version= names any version: another is 404, a bad one 400 naming version', async () => {
    const revised = await sys.http.post(`/api/v1/campaigns/${nationalId}/notice/revisions`, { body: `${national.body}\n（修订：联系方式核对）`, note: '核对联系方式' }, cast());
    expect(revised.status).toBe(201);
    expect((await getFile(`/api/v1/campaigns/${nationalId}/notice.pdf?version=3`, cast())).status).toBe(404);
    for (const bad of ['0', 'abc', '1.5', '-1', '1e3', '']) {
      const r = await getFile(`/api/v1/campaigns/${nationalId}/notice.pdf?version=${bad}`, cast());
      expect({ bad, status: r.status }).toEqual({ bad, status: 400 });
      expect(r.json().fields.map((f: { field: string }) => f.field)).toEqual(['version']);
    }
    const unknownCampaign = await getFile(`/api/v1/campaigns/00000000-0000-4000-8000-000000000000/notice.docx`, cast());
    expect(unknownCampaign.status).toBe(404);
  });

  it('issued: the number centred under the red mark, the title, the signature block in order, the 版记 at the foot; cached warm in well under a second', async () => {
    ({ sha256: issuedSha, docNumber } = await approveAndSignOff(nationalId, national.coSigners, 'CAST'));
    expect(docNumber).toMatch(new RegExp(`^${nationalPrefix}〔\\d{4}〕1号$`));
    const cold = await getFile(`/api/v1/campaigns/${nationalId}/notice.pdf`, cast());
    expect(cold.status).toBe(200);
    expect(cold.headers.get('x-render-cache')).toBe('miss');
    const warm = await getFile(`/api/v1/campaigns/${nationalId}/notice.pdf`, sys.token('CAST', 'admin'));
    expect(warm.headers.get('x-render-cache')).toBe('hit');
    expect(warm.bytes.equals(cold.bytes)).toBe(true);
    expect(warm.ms).toBeLessThan(1000);
    console.log(`national notice PDF: ${cold.bytes.length} bytes, cold ${cold.ms.toFixed(0)} ms, warm ${warm.ms.toFixed(0)} ms`);
    issuedPdf = cold.bytes;
    const file = save('national.pdf', cold.bytes);
    keepPage1(file, 'national-page1');
    const { pages, info } = checkPdf(file);
    expect(pages.length).toBeGreaterThanOrEqual(7);
    expect(pages.length).toBeLessThanOrEqual(10);
    expect(info).toContain(`notice-sha256:${issuedSha}`);
    expect(info).toContain(`campaign:${nationalId}`);
    expect(info).toContain('version:2');
    // 版头: the mark (the lead's name and 文件) and the number, each centred on the page.
    const mark = findRow(pages, (t) => t === '中国科学技术协会文件', 1);
    const number = findRow(pages, (t) => t === docNumber, 1);
    expect(Math.abs(centre(mark) - PAGE_W / 2)).toBeLessThan(3);
    expect(Math.abs(centre(number) - PAGE_W / 2)).toBeLessThan(3);
    expect(mark.yMin).toBeGreaterThan((37 + 30) * MM); // its em box 35 mm under the type area's top
    expect(number.yMin).toBeGreaterThan(mark.yMax);
    // The title under the number, centred, as the seed prints it; no 草稿.
    const title1 = findRow(pages, (t) => t === '中国科协等21部门', 1);
    const title2 = findRow(pages, (t) => t === '关于举办2023年全国科普日活动的通知', 1);
    expect(title1.yMin).toBeGreaterThan(number.yMax);
    expect(title2.yMax).toBeGreaterThan(title1.yMax + 20); // the next line of the title, under it
    expect(Math.abs(centre(title2) - PAGE_W / 2)).toBeLessThan(3);
    const all = pages.flat();
    expect(all.some((r) => r.text.includes('草稿'))).toBe(false);
    // The body starts on page 1 with its first paragraph, indented two characters; level-1 headings follow.
    const first = findRow(pages, (t) => t.startsWith('2023年是学习贯彻'), 1);
    expect(first.xMin).toBeGreaterThan(TYPE_LEFT + 25);
    expect(first.yMin).toBeGreaterThan(title2.yMax);
    findRow(pages, (t) => t === '一、时间和主题', 1);
    // The signature block: all 21 issuers in signature order, in rows of three, then the date of writing.
    const lastPages = pages.slice(-3).flat().map((r) => r.text).join('\n');
    const names = ['中国科协', '中央宣传部', '中央网信办', '教育部', '科技部', '国家原子能机构', '自然资源部', '生态环境部', '水利部', '农业农村部', '国家卫生健康委', '应急管理部', '国务院国资委', '中国科学院', '中国工程院', '国家林草局', '全国总工会', '共青团中央', '全国妇联', '中国作协', '全国工商联'];
    expectInOrder(lastPages, names);
    const row1 = findRow(pages, (t) => t === '中国科协中央宣传部中央网信办');
    expect(row1.xMax - row1.xMin).toBeGreaterThan(100 * MM);
    const issuedAt = (await sys.http.get(`/api/v1/campaigns/${nationalId}`, cast())).body.notice.issuedAt as string;
    const zh = (() => {
      const t = new Date(Date.parse(issuedAt) + 8 * 3600_000);
      return `${t.getUTCFullYear()}年${t.getUTCMonth() + 1}月${t.getUTCDate()}日`;
    })();
    const date = findRow(pages, (t) => t === zh);
    expect(date.yMin).toBeGreaterThan(findRow(pages, (t) => t === '全国妇联中国作协全国工商联').yMax);
    // 主送 too long for page 1: in the 版记, above 抄送, which is above the printing line at the foot of the last page.
    const printed = checkFoot(pages, '中国科学技术协会办公厅');
    expect(squeeze(printed.text)).toBe(`中国科学技术协会办公厅${zh}印发`);
    const main = findRow(pages, (t) => t.startsWith('主送：中国科协所属各全国学会'), pages.length);
    const lastText = pages[pages.length - 1].map((r) => squeeze(r.text)).join('');
    expect(lastText).toContain('研究会，各省、自治区、直辖市、副省级城市科协、党委宣传部、网信办'); // one scope, written once
    expect(lastText).toContain('，新疆生产建设兵团科协、党委宣传部');
    const cc = findRow(pages, (t) => t.startsWith('抄送：清华大学、中国石化'), pages.length);
    expect(main.yMin).toBeLessThan(cc.yMin);
    expect(cc.yMin).toBeLessThan(printed.yMin);
    expect(pages[0].indexOf(title2)).toBeGreaterThanOrEqual(0); // the title (page 1) is above 主送 (the last page)
    // The issued notice's foot: the approved text's hash and the verification link.
    const foot = pages[pages.length - 1].map((r) => squeeze(r.text)).join('\n');
    expect(foot).toContain(issuedSha);
    expect(foot).toContain(`/verify?sha256=${issuedSha}`);
  });

  it('the version before the revision is still a draft, whatever was issued after it', async () => {
    const v1 = await getFile(`/api/v1/campaigns/${nationalId}/notice.pdf?version=1`, cast());
    expect(v1.status).toBe(200);
    const text = rowsOf(save('national-v1.pdf', v1.bytes)).flat().map((r) => squeeze(r.text)).join('\n');
    expect(text).toContain('草稿');
    expect(text).toContain(draftSha);
    expect(text).not.toContain(docNumber);
  });

  it('the Word file: A4 page setup in twips, the GB/T 9704 margins, the paragraphs in order', async () => {
    const r = await getFile(`/api/v1/campaigns/${nationalId}/notice.docx`, cast());
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; /);
    const zip = unzip(r.bytes);
    const xml = zip.get('word/document.xml')!.toString('utf8');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    const margin = /<w:pgMar ([^/]*)\/>/.exec(xml)![1];
    const attr = (n: string) => Number(new RegExp(`w:${n}="(\\d+)"`).exec(margin)![1]);
    expect(attr('top')).toBe(2098); // 37 mm
    expect(attr('left')).toBe(1587); // 28 mm
    expect(11906 - attr('left') - attr('right')).toBeCloseTo(8844, -1); // 156 mm
    expect(16838 - attr('top') - attr('bottom')).toBeCloseTo(12756, -1); // 225 mm
    expect(xml).toMatch(/<w:docGrid [^>]*w:linePitch="580"/); // 225 mm / 22 lines
    const paras = docxParagraphs(xml);
    const at = (pred: (p: string) => boolean) => {
      const i = paras.findIndex(pred);
      expect(i).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = [
      at((p) => p === '中国科学技术协会文件'),
      at((p) => p === docNumber),
      at((p) => p === '中国科协等21部门'),
      at((p) => p === '关于举办2023年全国科普日活动的通知'),
      at((p) => p.startsWith('2023年是学习贯彻')),
      at((p) => p === '一、时间和主题'),
      at((p) => p === '联系方式：'),
      at((p) => p === '中国科协'),
      at((p) => p === '全国工商联'),
      at((p) => p.startsWith('主送：中国科协所属')),
      at((p) => p.startsWith('抄送：清华大学')),
      at((p) => p.startsWith('中国科学技术协会办公厅')),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(zip.get('docProps/core.xml')!.toString('utf8')).toContain(`notice-sha256:${issuedSha}`);
    // Page numbers in the footers: right on odd pages, left on even ones.
    const footers = [...zip.keys()].filter((k) => /^word\/footer\d+\.xml$/.test(k)).map((k) => zip.get(k)!.toString('utf8'));
    expect(footers.some((f) => /<w:jc w:val="right"\/>/.test(f) && /PAGE/.test(f))).toBe(true);
    expect(footers.some((f) => /<w:jc w:val="left"\/>/.test(f) && /PAGE/.test(f))).toBe(true);
    expect(zip.get('word/settings.xml')!.toString('utf8')).toContain('<w:evenAndOddHeaders');
  });

  it('Henan’s relay: all issuers in its red header, its own number, the signature block one to a row, its 版记', async () => {
    const year = Number(/〔(\d{4})〕/.exec(docNumber)![1]);
    expect((await sys.http.put(`/api/v1/doc-number-sequences/${encodeURIComponent(henanPrefix)}/${year}`, { nextNumber: 50 }, sys.token('CAST', 'admin'))).status).toBe(200);
    const relay = await sys.http.post(
      `/api/v1/campaigns/${nationalId}/relays`,
      { ...henan, theme: undefined, docNumberPrefix: henanPrefix, rebaseWithParent: true, milestones: { summaryDueAt: henan.milestones.summaryDueAt, closesAt: henan.milestones.closesAt } },
      haCast(),
    );
    expect(relay.status).toBe(201);
    const henanId = relay.body.id;
    // Before sign-off its hash is known to verification, neither approved nor issued.
    const before = await sys.http.post('/api/v1/verify', { sha256: relay.body.notice.sha256 });
    expect(before.body).toEqual({ known: true, campaignId: henanId, version: 1, approved: false, issued: false, docNumber: null, issuedAt: null });
    const { docNumber: henanNumber } = await approveAndSignOff(henanId, henan.coSigners, 'HA_CAST');
    expect(henanNumber).toBe(`${henanPrefix}〔${year}〕50号`);
    const r = await getFile(`/api/v1/campaigns/${henanId}/notice.pdf`, haCast());
    expect(r.status).toBe(200);
    const file = save('henan.pdf', r.bytes);
    keepPage1(file, 'henan-page1');
    const { pages } = checkPdf(file);
    // The header as Henan printed it: 21 names stacked (工商联 included, as its header had it), 文件 beside them.
    const header = pages[0].map((r) => squeeze(r.text)).join('\n');
    expectInOrder(header, ['河南省科学技术协会', '中共河南省委宣传部', '中共河南省委网络安全和信息化委员会办公室', '河南省作家协会', '河南省工商业联合会']);
    expect(header).toContain('文件');
    const number = findRow(pages, (t) => t === henanNumber, 1);
    expect(Math.abs(centre(number) - PAGE_W / 2)).toBeLessThan(3);
    const title = findRow(pages, (t) => t.startsWith('关于举办2023年河南省'), 1);
    expect(title.yMin).toBeGreaterThan(number.yMax);
    expect(pages[0].some((r) => squeeze(r.text).startsWith('2023年河南省全国科普日活动坚持'))).toBe(true); // the body starts on page 1
    // The signature block: the lead first, one name to a row, right-aligned, in signature order.
    const sigNames = ['河南省科学技术协会', '中共河南省委宣传部', '中共河南省委网络安全和信息化委员会办公室', '河南省教育厅', '河南省科学技术厅', '河南省自然资源厅', '河南省生态环境厅', '河南省水利厅', '河南省农业农村厅', '河南省卫生健康委员会', '河南省应急管理厅', '河南省人民政府国有资产监督管理委员会', '河南省科学院', '河南省农业科学院', '河南省林业局', '河南省气象局', '河南省总工会', '中国共产主义青年团河南省委员会', '河南省妇女联合会', '河南省作家协会'];
    const sigRows = sigNames.map((n) => pages.slice(1).flat().filter((r) => squeeze(r.text) === n).pop()!);
    sigRows.forEach((row, i) => {
      expect({ name: sigNames[i], found: !!row }).toEqual({ name: sigNames[i], found: true });
      expect(Math.abs(row.xMax - (TYPE_RIGHT - 2 * 156 * MM / 28))).toBeLessThan(4);
      if (i > 0) expect(row.page * 10000 + row.yMin).toBeGreaterThan(sigRows[i - 1].page * 10000 + sigRows[i - 1].yMin);
    });
    // 版记: 主送 (Henan prints none of 抄送), then 河南省科学技术协会办公室 and the printing date.
    const printed = checkFoot(pages, '河南省科学技术协会办公室');
    const main = findRow(pages, (t) => t.startsWith('主送：各省辖市、济源示范区科协、党委宣传部、网信办'), pages.length);
    expect(main.yMin).toBeLessThan(printed.yMin);
    expect(pages[pages.length - 1].some((r) => r.text.startsWith('抄送'))).toBe(false);
  });

  it('a notice whose 主送 is short carries it under the title, ending in a colon', async () => {
    const launched = await sys.http.post('/api/v1/campaigns', { ...smallDefinition({ title: '关于开展文档测试的通知', docNumberPrefix: `文档短测${suffix}发`, body: '一、测试\n请按要求开展。' }), rebaseTo: shanghaiDate(1) }, cast());
    expect(launched.body).toMatchObject({ id: expect.any(String) });
    const r = await getFile(`/api/v1/campaigns/${launched.body.id}/notice.pdf`, cast());
    const { pages } = checkPdf(save('small.pdf', r.bytes));
    const title = findRow(pages, (t) => t === '关于开展文档测试的通知', 1);
    const main = findRow(pages, (t) => t === '各省、自治区、直辖市科协：', 1);
    expect(main.yMin).toBeGreaterThan(title.yMax);
    expect(main.xMin).toBeLessThan(TYPE_LEFT + 2); // flush left
    expect(findRow(pages, (t) => t === '一、测试', 1).yMin).toBeGreaterThan(main.yMax);
    expect(pages[pages.length - 1].some((r) => squeeze(r.text).startsWith('主送'))).toBe(false);
  });

  describe('verification (no token)', () => {
    const verify = (json: unknown) => sys.http.post('/api/v1/verify', json);
    const upload = (bytes: Buffer, name = 'notice.pdf', type = 'application/pdf', field = 'file') => {
      const form = new FormData();
      form.append(field, new Blob([bytes], { type }), name);
      return sys.http.raw('/api/v1/verify', { method: 'POST', body: form });
    };

    it('by the approved text’s SHA-256: which campaign and version, approved, issued, number and date — nothing more', async () => {
      const r = await verify({ sha256: issuedSha });
      expect(r.status).toBe(200);
      const issuedAt = (await sys.http.get(`/api/v1/campaigns/${nationalId}`, cast())).body.notice.issuedAt;
      expect(r.body).toEqual({ known: true, campaignId: nationalId, version: 2, approved: true, issued: true, docNumber, issuedAt });
      expect((await verify({ sha256: issuedSha.toUpperCase() })).body.known).toBe(true);
    });

    it('a draft’s hash is known, neither approved nor issued', async () => {
      const r = await verify({ sha256: draftSha });
      expect(r.body).toEqual({ known: true, campaignId: nationalId, version: 1, approved: false, issued: false, docNumber: null, issuedAt: null });
    });

    it('by uploading the rendered PDF: the file’s own hash is the system’s', async () => {
      const r = await upload(issuedPdf);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ known: true, campaignId: nationalId, version: 2, issued: true, docNumber });
      // A copy saved again (other bytes) still names its text in its metadata.
      const resaved = Buffer.concat([issuedPdf, Buffer.from('\n% saved again\n')]);
      expect((await upload(resaved)).body).toMatchObject({ known: true, campaignId: nationalId, version: 2, issued: true });
    });

    it('an unknown hash and a PDF the system never rendered: known false', async () => {
      expect((await verify({ sha256: 'ab'.repeat(32) })).body).toEqual({ known: false });
      const foreign = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
      const r = await upload(foreign, 'other.pdf');
      expect(r.status).toBe(200);
      expect(r.body).toEqual({ known: false });
    });

    it('bad input: 400 naming the field, a file that is not a PDF 415, an oversized one 413', async () => {
      const fields = (r: { body: { fields: { field: string }[] } }) => r.body.fields.map((f) => f.field);
      const notHex = await verify({ sha256: 'xyz' });
      expect(notHex.status).toBe(400);
      expect(fields(notHex)).toEqual(['sha256']);
      const none = await verify({});
      expect(none.status).toBe(400);
      expect(fields(none)).toEqual(['sha256']);
      const unknown = await verify({ sha256: issuedSha, title: 'x' });
      expect(unknown.status).toBe(400);
      expect(fields(unknown)).toEqual(['title']);
      const text = await upload(Buffer.from('not a pdf at all'), 'notice.txt', 'text/plain');
      expect(text.status).toBe(415);
      expect(fields(text)).toEqual(['file']);
      const otherField = await upload(issuedPdf, 'notice.pdf', 'application/pdf', 'document');
      expect(otherField.status).toBe(400);
      expect(fields(otherField)).toEqual(['document']);
      const huge = await upload(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(21 * 1024 * 1024)]));
      expect(huge.status).toBe(413);
      expect(fields(huge)).toEqual(['file']);
      const plain = await sys.http.request('POST', '/api/v1/verify', { text: issuedSha });
      expect(plain.status).toBe(415);
    });
  });
});
