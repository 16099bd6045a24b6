import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';
import { checkDefinitionRules } from './definition-rules';
import { resolveRecipients } from './directory';
import { DIRECTORY } from './directory.data';
import type { DraftDefinition } from './notice-parse';
import { parseNotice } from './notice-parse';

const ROOT = path.join(__dirname, '..', '..', '..');
const NOTICES = path.join(ROOT, 'test', 'fixtures', 'notices');
const notice = (file: string) => readFileSync(path.join(NOTICES, file), 'utf8');
const definitionFile = (name: string) => yaml.load(readFileSync(path.join(ROOT, 'campaigns', `${name}.yaml`), 'utf8'), { schema: yaml.CORE_SCHEMA }) as Record<string, unknown>;
const CODES = new Set(DIRECTORY.map((b) => b.code));

/** The fields of campaigns/*.yaml, in their order: each one is compared on its own, so a failure names it. */
const FIELDS = [
  'title', 'year', 'theme', 'leadAgency', 'coSigners', 'coSignMode', 'coSignDueAt', 'docNumberPrefix', 'headerIssuers',
  'recipients', 'reportingUnits', 'milestones', 'contacts', 'categories', 'body',
] as const;

describe('the fixture copies of the seed notices', () => {
  const seeds = path.join(ROOT, '..', 'shared', 'seeds');
  it.each(['000_eba648212c87e9f6.txt', '002_615adf6ae43f9a4e.txt'])('%s is still the seed, byte for byte (when ../shared/seeds is there)', (file) => {
    if (!existsSync(path.join(seeds, file))) return;
    expect(notice(file)).toBe(readFileSync(path.join(seeds, file), 'utf8'));
  });
});

describe('the national seed notice parses into campaigns/national-2023.yaml', () => {
  const { definition, warnings, facts } = parseNotice(notice('000_eba648212c87e9f6.txt'), DIRECTORY);
  const want = definitionFile('national-2023');

  // The one intended difference: the notice prints no date of writing (public reports date it
  // 2023-08-04; the yaml has co-signing end two days before). From the text alone the parser sets
  // 18:00 of the working day before the first milestone (publication opens Monday 2023-08-21 →
  // Friday 2023-08-18), and says so.
  const INTENDED = { coSignDueAt: '2023-08-18T18:00:00+08:00' };

  it.each(FIELDS.filter((f) => !(f in INTENDED)))('%s is the yaml’s', (field) => {
    expect((definition as unknown as Record<string, unknown>)[field]).toEqual(want[field]);
  });

  it('coSignDueAt differs as intended: no date of writing is printed', () => {
    expect(want.coSignDueAt).toBe('2023-08-02T18:00:00+08:00');
    expect(definition.coSignDueAt).toBe(INTENDED.coSignDueAt);
  });

  it('has no field the yaml lacks', () => {
    expect(Object.keys(definition).filter((k) => !(k in want))).toEqual([]);
  });

  it('warns of exactly what the notice does not print: its date of writing and its number', () => {
    expect(warnings).toEqual([
      { line: null, message: expect.stringContaining('no date of writing (成文日期)') },
      { line: null, message: expect.stringContaining('docNumberPrefix 科协发 is a guess from 中国科协') },
    ]);
    expect(facts).toEqual({ docNumber: null, writtenOn: null, printedBy: null, printedOn: null, attachments: [] });
  });

  it('takes the prefix the lead numbers under when the API knows it', () => {
    const r = parseNotice(notice('000_eba648212c87e9f6.txt'), DIRECTORY, { prefixesOf: (a) => (a === 'CAST' ? ['科协函', '科协发'] : []) });
    expect(r.definition.docNumberPrefix).toBe('科协发');
    expect(r.warnings[1].message).toContain('one of the prefixes (科协函、科协发) CAST numbers under');
  });
});

describe('the Henan seed notice parses into campaigns/henan-2023.yaml', () => {
  const { definition, warnings, facts } = parseNotice(notice('002_615adf6ae43f9a4e.txt'), DIRECTORY);
  const want = definitionFile('henan-2023');

  it.each(FIELDS)('%s is the yaml’s', (field) => {
    expect((definition as unknown as Record<string, unknown>)[field]).toEqual(want[field]);
  });

  it('is the yaml, all of it (body cleaned of the extraction’s artifacts exactly as the yaml was)', () => {
    expect(definition).toEqual(want);
  });

  it('warns of the garbled header naming an issuer that does not sign, at its line', () => {
    expect(warnings).toEqual([{ line: 5, message: expect.stringMatching(/^lines 5–22: the header \(版头\) is vertical text garbled.*21 names wide, the signature block has 20.*河南省工商业联合会 \(HA_FIC\)/) }]);
  });

  it('reads the number, the date of writing and the 印发 line', () => {
    expect(facts).toEqual({ docNumber: '豫科协发〔2023〕50号', writtenOn: '2023-08-25', printedBy: '河南省科学技术协会办公室', printedOn: '2023-08-25', attachments: [] });
  });
});

describe('a notice the parser has never seen: 广东省科学技术厅, 2024, a week across the year end', () => {
  const text = notice('guangdong-st-2024.txt');
  const { definition, warnings, facts } = parseNotice(text, DIRECTORY);
  const { body, ...rest } = definition;

  it('parses completely, without a warning', () => {
    expect(warnings).toEqual([]);
    expect(rest).toEqual({
      title: '广东省科学技术厅 广东省科学技术协会 广东省教育厅关于举办2024年广东省冬春科普季活动的通知',
      year: 2024,
      theme: '科技创新引领未来，科学普及温暖万家',
      leadAgency: 'GD_ST',
      coSigners: ['GD_CAST', 'GD_EDU'],
      coSignMode: 'parallel',
      // written Wednesday 2024-11-20: co-signing ends the working day before, at 18:00
      coSignDueAt: '2024-11-19T18:00:00+08:00',
      docNumberPrefix: '粤科函普字',
      headerIssuers: ['GD_ST', 'GD_CAST', 'GD_EDU'],
      recipients: {
        main: ['各副省级城市科技局', '各副省级城市科协', '各副省级城市教育局', '各有关单位'],
        cc: ['广东省卫生健康委员会', '广东省应急管理厅'],
      },
      reportingUnits: ['各副省级城市科技局', '各副省级城市科协'],
      milestones: {
        // 12月10日起, printed after a 2025 date: still 2024 (the nearest after the date of writing)
        publicationOpensAt: '2024-12-10T00:00:00+08:00',
        concentratedWeek: { startsAt: '2024-12-28T00:00:00+08:00', endsAt: '2025-01-03T23:59:59+08:00' },
        // 1月20日前: 2025
        summaryDueAt: '2025-01-20T00:00:00+08:00',
        // 主题宣传活动持续至2025年3月31日
        closesAt: '2025-03-31T23:59:59+08:00',
      },
      contacts: [{ office: '省科技厅科技合作与交流处（科普处）', people: ['陈晓明', '林嘉怡'], phones: ['020-83163338', '020-83163129'], email: 'kepu@gdstc.gd.gov.cn' }],
      categories: ['省级主场活动', '科技馆联合行动', '高校院所开放行动', '青少年冬令营专项行动', '银龄跨越数字鸿沟专项行动'],
    });
    expect(facts).toEqual({
      docNumber: '粤科函普字〔2024〕1123号',
      writtenOn: '2024-11-20',
      printedBy: '广东省科学技术厅办公室',
      printedOn: '2024-11-21',
      attachments: [
        { title: '2024年广东省冬春科普季活动报名表', line: 46 },
        { title: '2024年广东省冬春科普季活动总结模板', line: 47 },
      ],
    });
  });

  it('takes the body from below the 主送 line to the signature block, attachments included', () => {
    expect(body).toMatch(/^为深入实施《全民科学素质行动规划纲要（2021—2035年）》/);
    expect(body).toContain('\n联系方式：\n省科技厅科技合作与交流处（科普处）\n联 系 人：陈晓明、林嘉怡\n联系电话：020-83163338，020-83163129\n');
    expect(body).toMatch(/\n\n附件：1\.2024年广东省冬春科普季活动报名表\n2\.2024年广东省冬春科普季活动总结模板\n$/);
    expect(body).not.toContain('各副省级城市科技局、科协、教育局');
    expect(body).not.toContain('2024年11月20日');
  });

  it('is a draft a launch accepts: known codes, dates in order, every recipient resolved', () => {
    const def = definition as Required<DraftDefinition>;
    const rules = checkDefinitionRules(def as Parameters<typeof checkDefinitionRules>[0], CODES, Date.parse('2024-01-01T00:00:00+08:00'));
    expect(rules).toEqual({ errors: [], warnings: [] });
    const ctx = { leadRegion: 'GD' };
    for (const list of [def.recipients.main, def.recipients.cc, def.reportingUnits]) expect(resolveRecipients(list, DIRECTORY, ctx).unresolved).toEqual([]);
    expect(resolveRecipients(def.recipients.main, DIRECTORY, ctx).codes).toEqual(['GD_GZ_ST', 'GD_SZ_ST', 'GD_GZ_CAST', 'GD_SZ_CAST', 'GD_GZ_EDU', 'GD_SZ_EDU']);
  });

  it('reads Windows line ends and pdftotext’s page breaks the same', () => {
    const crlf = text.replace(/\n/g, '\r\n').replace('\r\n\r\n二、活动安排', '\r\n\f\r\n二、活动安排');
    const again = parseNotice(crlf, DIRECTORY);
    expect(again.definition).toEqual(definition);
    expect(again.warnings).toEqual([]);
  });

  it('reads a range across the year end written without its second year (至1月3日, 至次年1月3日)', () => {
    for (const range of ['2024年12月28日至1月3日', '2024年12月28日至次年1月3日', '12月28日—1月3日']) {
      const r = parseNotice(text.replace('2024年12月28日至2025年1月3日', range), DIRECTORY);
      expect(r.definition.milestones.concentratedWeek).toEqual({ startsAt: '2024-12-28T00:00:00+08:00', endsAt: '2025-01-03T23:59:59+08:00' });
    }
  });
});

describe('what the parser cannot read comes back as warnings naming the line', () => {
  const text = notice('guangdong-st-2024.txt');
  const lines = text.split('\n');
  const lineOf = (s: string) => lines.findIndex((l) => l.includes(s)) + 1;

  it('a 主送 group the directory cannot resolve is kept as printed, and named with its line', () => {
    const r = parseNotice(text.replace('各副省级城市科技局、科协、教育局，各有关单位：', '各副省级城市科技局、科协，省直各有关高校：'), DIRECTORY);
    expect(r.definition.recipients.main).toEqual(['各副省级城市科技局', '各副省级城市科协', '省直各有关高校']);
    expect(r.warnings).toEqual([{ line: 10, message: expect.stringContaining('主送 "省直各有关高校" names no body of the directory') }]);
  });

  it('a 抄送 body not in the directory', () => {
    const r = parseNotice(text.replace('抄送：广东省卫生健康委员会、广东省应急管理厅。', '抄送：广东省卫生健康委员会、广东科学中心。'), DIRECTORY);
    expect(r.definition.recipients.cc).toEqual(['广东省卫生健康委员会', '广东科学中心']);
    expect(r.warnings).toEqual([{ line: lineOf('抄送：'), message: expect.stringContaining('抄送 "广东科学中心" names no body of the directory') }]);
  });

  it('a signer the directory does not hold is not made a co-signer', () => {
    const signature = lineOf('广东省科学技术厅        广东省科学技术协会') + 2;
    expect(lines[signature - 1]).toBe('广东省教育厅');
    const changed = lines.map((l, i) => (i === signature - 1 ? '广东省科学技术情报研究所' : l)).join('\n');
    const r = parseNotice(changed, DIRECTORY);
    expect(r.definition.coSigners).toEqual(['GD_CAST']);
    expect(r.warnings).toEqual(
      expect.arrayContaining([{ line: signature, message: expect.stringContaining('广东省科学技术情报研究所 in the signature block is not in the directory') }]),
    );
  });

  it('no number, no date of writing: a guessed prefix, a co-sign deadline from the first milestone, both said', () => {
    const r = parseNotice(text.replace('粤科函普字〔2024〕1123号', '').replace(/\n2024年11月20日\n/, '\n'), DIRECTORY);
    expect(r.definition.docNumberPrefix).toBe('粤科技厅发');
    // the first milestone is Tuesday 2024-12-10; yearless dates are placed after the first full date then (2024-12-28)
    expect(r.definition.coSignDueAt).toBe('2024-12-09T18:00:00+08:00');
    expect(r.warnings.map((w) => w.message)).toEqual([
      expect.stringContaining('no date of writing (成文日期)'),
      expect.stringContaining('docNumberPrefix 粤科技厅发 is a guess from 广东省科技厅'),
    ]);
  });

  it('a text that is no notice: a draft with nothing in it, and why', () => {
    const r = parseNotice('今天天气很好。\n\n我们去公园散步。\n', DIRECTORY);
    expect(r.definition).toEqual({ coSignMode: 'parallel', recipients: { main: [], cc: [] }, milestones: {}, body: '今天天气很好。\n\n我们去公园散步。\n' });
    expect(r.warnings.map((w) => w.message.split(/[:(]/)[0].trim())).toEqual([
      'no title found',
      'no signature block',
      'no year',
      'no concentrated week found',
      'no date from which activities are published',
      'no summary deadline found',
      'no close found',
      'no date of writing',
      'no theme',
      'no 主送 line',
    ]);
    expect(r.warnings.every((w) => w.line === null)).toBe(true);
  });
});
