import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as yaml from 'js-yaml';
import { AGENCIES } from './agencies.data';
import type {
  BodySeed,
} from './directory.data';
import {
  CORPS_LINE_KINDS,
  DIRECTORY,
  GENERIC_NAMED,
  HENAN_CITIES,
  HENAN_CITY_LINE_KINDS,
  NATIONAL_LINE_KINDS,
  PROVINCES,
  SUB_PROVINCIAL_CITIES,
} from './directory.data';
import { GROUP_IDS, groupMembers, regionOf, resolveRecipients } from './directory';

const CN = { leadRegion: 'CN' };
const HA = { leadRegion: 'HA' };

// Sizes of what directory.data.ts builds; change them together with the data.
const NATIONAL_SOCIETIES = 120;
const HENAN_SOCIETIES = 25;
const SPECIAL_UNITS = 10;

function recipientsOf(campaign: string): { main: string[]; cc: string[] } {
  const text = readFileSync(join(__dirname, '..', '..', '..', 'campaigns', `${campaign}.yaml`), 'utf8');
  const doc = yaml.load(text, { schema: yaml.CORE_SCHEMA }) as { recipients: { main: string[]; cc: string[] } };
  return doc.recipients;
}

const byCode = new Map(DIRECTORY.map((b) => [b.code, b]));
const body = (code: string): BodySeed => {
  const b = byCode.get(code);
  if (!b) throw new Error(`no body ${code}`);
  return b;
};
const count = (pred: (b: BodySeed) => boolean): number => DIRECTORY.filter(pred).length;

describe('DIRECTORY (recipient bodies)', () => {
  it('has unique codes matching the agency code pattern', () => {
    const codes = DIRECTORY.map((b) => b.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[A-Z][A-Z0-9_]{1,31}$/);
  });

  it('names every body unambiguously: no full or short name shared by two bodies', () => {
    const owner = new Map<string, string>();
    for (const b of DIRECTORY) {
      for (const n of [b.name, b.shortName]) {
        expect(n.trim()).not.toBe('');
        const prev = owner.get(n);
        if (prev !== undefined && prev !== b.code) throw new Error(`"${n}" names both ${prev} and ${b.code}`);
        owner.set(n, b.code);
      }
    }
  });

  it('keeps the 42 issuing agencies exactly as agencies.data.ts has them', () => {
    expect(AGENCIES).toHaveLength(42);
    for (const a of AGENCIES) {
      const b = body(a.code);
      expect({ code: b.code, name: b.name, shortName: b.shortName, level: b.level, parentCode: b.parentCode }).toEqual(a);
      expect(b.region).toBe(a.level === 'national' ? 'CN' : 'HA');
      expect(b.regionType).toBe(a.level === 'national' ? 'national' : 'province');
    }
  });

  it('has the exact totals by region type', () => {
    expect(count((b) => b.regionType === 'national')).toBe(21 + NATIONAL_SOCIETIES + SPECIAL_UNITS);
    // 31 × 19 departments, Henan's 3 other issuing agencies, Henan's societies.
    expect(count((b) => b.regionType === 'province')).toBe(31 * 19 + 3 + HENAN_SOCIETIES);
    expect(count((b) => b.regionType === 'sub-provincial-city')).toBe(15 * 19);
    expect(count((b) => b.regionType === 'corps')).toBe(18);
    expect(count((b) => b.regionType === 'city')).toBe(18 * 19);
    expect(DIRECTORY).toHaveLength(151 + 617 + 285 + 18 + 342);
  });

  it('has one body of each department kind per region', () => {
    expect(PROVINCES).toHaveLength(31);
    expect(SUB_PROVINCIAL_CITIES).toHaveLength(15);
    expect(HENAN_CITIES).toHaveLength(18);
    expect(NATIONAL_LINE_KINDS).toHaveLength(19);
    expect(CORPS_LINE_KINDS).toHaveLength(18);
    expect(HENAN_CITY_LINE_KINDS).toHaveLength(19);
    const has = (region: string, kind: string) => count((b) => b.region === region && b.kind === kind);
    for (const p of PROVINCES) {
      for (const k of NATIONAL_LINE_KINDS) expect(`${p.code} ${k} ${has(p.code, k)}`).toBe(`${p.code} ${k} 1`);
    }
    for (const c of SUB_PROVINCIAL_CITIES) for (const k of NATIONAL_LINE_KINDS) expect(has(c.code, k)).toBe(1);
    for (const k of CORPS_LINE_KINDS) expect(has('XPCC', k)).toBe(1);
    for (const c of HENAN_CITIES) for (const k of HENAN_CITY_LINE_KINDS) expect(has(c.code, k)).toBe(1);
    expect(count((b) => b.kind === 'SOCIETY' && b.region === 'CN')).toBe(NATIONAL_SOCIETIES);
    expect(count((b) => b.kind === 'SOCIETY' && b.region === 'HA')).toBe(HENAN_SOCIETIES);
    expect(count((b) => b.kind === 'SPECIAL')).toBe(SPECIAL_UNITS);
  });

  it('reuses the Henan agency codes and adds only HA_DSTI', () => {
    const henanDepartments = DIRECTORY.filter((b) => b.region === 'HA' && b.kind !== 'SOCIETY').map((b) => b.code);
    const agencyCodes = AGENCIES.filter((a) => a.level === 'provincial').map((a) => a.code);
    expect(henanDepartments.filter((c) => !agencyCodes.includes(c))).toEqual(['HA_DSTI']);
    expect(body('HA_DSTI').parentCode).toBe('CAEA');
  });

  it('points every parentCode at an existing body of a higher or equal level', () => {
    const rank = { national: 0, provincial: 1, municipal: 2 } as const;
    for (const b of DIRECTORY) {
      if (b.parentCode === null) continue;
      const parent = body(b.parentCode);
      expect(rank[parent.level]).toBeLessThanOrEqual(rank[b.level]);
      if (b.kind !== 'SOCIETY') expect(`${b.code}→${parent.kind}`).toBe(`${b.code}→${b.kind}`);
    }
    expect(body('LN_DL_CAST').parentCode).toBe('LN_CAST');
    expect(body('HA_ZZ_MET').parentCode).toBe('HA_MET');
    expect(body('XPCC_CYL').parentCode).toBe('CYLC');
    expect(body('NS_CMS').parentCode).toBe('CAST');
    expect(body('HA_S_MED').parentCode).toBe('HA_CAST');
  });

  it('keeps region fields consistent', () => {
    for (const b of DIRECTORY) {
      switch (b.regionType) {
        case 'national': expect([b.region, b.parentRegion, b.level]).toEqual(['CN', null, 'national']); break;
        case 'province': expect([b.parentRegion, b.level]).toEqual([null, 'provincial']); break;
        case 'corps': expect([b.region, b.parentRegion, b.level]).toEqual(['XPCC', null, 'provincial']); break;
        case 'sub-provincial-city':
        case 'city':
          expect(b.level).toBe('municipal');
          expect(b.region.startsWith(`${b.parentRegion}_`)).toBe(true);
          break;
      }
    }
    expect(body('LN_DL_WR')).toMatchObject({ regionName: '大连市', parentRegion: 'LN' });
    expect(body('HA_JY_CAST')).toMatchObject({ regionName: '济源示范区', regionType: 'city', parentRegion: 'HA' });
  });

  it('uses the real names the brief and seeds fix', () => {
    expect(body('BJ_WR').name).toBe('北京市水务局');
    expect(body('SH_WR').name).toBe('上海市水务局');
    expect(body('TJ_WR').name).toBe('天津市水务局');
    expect(body('BJ_AGRI').name).toBe('北京市农业农村局');
    expect(body('NM_AGRI').name).toBe('内蒙古自治区农牧厅');
    expect(body('CQ_EDU').name).toBe('重庆市教育委员会');
    expect(body('TJ_ST').name).toBe('天津市科学技术局');
    expect(body('SH_ST').name).toBe('上海市科学技术委员会');
    expect(body('XPCC_CAST').shortName).toBe('新疆生产建设兵团科协');
    expect(body('SP_SINOPEC')).toMatchObject({ name: '中国石油化工集团有限公司', shortName: '中国石化' });
  });

  it('names the uncertain bodies with the 主送 lines\' own wording', () => {
    expect(body('BJ_DSTI').name).toBe('北京市国防科技工业管理部门');
    expect(body('LN_DL_NR').name).toBe('大连市自然资源主管部门');
    for (const code of ['BJ_DSTI', 'LN_DL_NR', 'LN_DL_FOREST', 'HA_JY_CAST', 'HA_ZZ_NR']) expect(GENERIC_NAMED).toContain(code);
    expect(GENERIC_NAMED).not.toContain('BJ_WR');
  });
});

describe('resolveRecipients: the seed campaigns', () => {
  it('resolves every 主送 entry of the national notice', () => {
    const { main } = recipientsOf('national-2023');
    const r = resolveRecipients(main, DIRECTORY, CN);
    expect(r.unresolved).toEqual([]);
    expect(r.openEnded).toEqual(['各有关单位']);
    expect(r.codes).toHaveLength(NATIONAL_SOCIETIES + (31 + 15) * 19 + 18);
    expect(new Set(r.codes).size).toBe(r.codes.length);
    expect(r.perEntry).toHaveLength(main.length);

    const per = new Map(r.perEntry.map((p) => [p.entry, p.codes]));
    expect(per.get('中国科协所属各全国学会、协会、研究会')).toHaveLength(NATIONAL_SOCIETIES);
    const cast = per.get('各省、自治区、直辖市、副省级城市科协')!;
    expect(cast).toHaveLength(46);
    expect(cast.slice(0, 2)).toEqual(['BJ_CAST', 'TJ_CAST']);
    expect(cast).toContain('HA_CAST');
    expect(cast).toContain('LN_DL_CAST');
    expect(cast.every((c) => body(c).kind === 'CAST')).toBe(true);
    expect(per.get('各省、自治区、直辖市、副省级城市水利（水务）厅（局）')).toContain('BJ_WR');
    expect(per.get('各省、自治区、直辖市、副省级城市国防科技工业管理部门')).toContain('HA_DSTI');
    expect(per.get('新疆生产建设兵团科协')).toEqual(['XPCC_CAST']);
    expect(per.get('新疆生产建设兵团林业和草原局')).toEqual(['XPCC_FOREST']);
    // Every phrase of the 19-department block resolves to 46 bodies of one kind.
    for (const p of r.perEntry.filter((e) => e.entry.startsWith('各省、'))) {
      expect(p.codes).toHaveLength(46);
      expect(new Set(p.codes.map((c) => body(c).kind)).size).toBe(1);
    }
  });

  it('resolves the national 抄送 line to the 10 special participating units', () => {
    const { cc } = recipientsOf('national-2023');
    const r = resolveRecipients(cc, DIRECTORY, CN);
    expect(r.unresolved).toEqual([]);
    expect(r.codes).toEqual([
      'SP_THU', 'SP_SINOPEC', 'SP_BOC', 'SP_CSCLF', 'SP_CCCG',
      'SP_CHN_ENERGY', 'SP_CHINA_UNICOM', 'SP_CASC', 'SP_CTG', 'SP_CNPC',
    ]);
  });

  it('resolves every 主送 entry of the Henan notice, all inside Henan', () => {
    const { main, cc } = recipientsOf('henan-2023');
    expect(cc).toEqual([]);
    const r = resolveRecipients(main, DIRECTORY, HA);
    expect(r.unresolved).toEqual([]);
    expect(r.openEnded).toEqual(['各有关单位']);
    expect(r.codes).toHaveLength(18 * 19 + HENAN_SOCIETIES);
    for (const code of r.codes) {
      const b = body(code);
      expect(b.region === 'HA' || b.parentRegion === 'HA').toBe(true);
    }
    const per = new Map(r.perEntry.map((p) => [p.entry, p.codes]));
    const cast = per.get('各省辖市、济源示范区科协')!;
    expect(cast).toHaveLength(18);
    expect(cast[0]).toBe('HA_ZZ_CAST');
    expect(cast[17]).toBe('HA_JY_CAST');
    expect(per.get('各省辖市、济源示范区气象局')!.every((c) => body(c).kind === 'MET')).toBe(true);
    expect(per.get('各全省学会、协会、研究会')).toHaveLength(HENAN_SOCIETIES);
  });
});

describe('resolveRecipients: entry forms', () => {
  it('takes codes, full names and short names, and de-duplicates in first-seen order', () => {
    const r = resolveRecipients(['NS_CMS', '中国石油化工集团有限公司', '中国石化', 'CAST', '中国科协'], DIRECTORY, CN);
    expect(r.codes).toEqual(['NS_CMS', 'SP_SINOPEC', 'CAST']);
    expect(r.perEntry.map((p) => p.codes)).toEqual([['NS_CMS'], ['SP_SINOPEC'], ['SP_SINOPEC'], ['CAST'], ['CAST']]);
    expect(r.unresolved).toEqual([]);
  });

  it('tolerates line breaks and half-width brackets from extracted text', () => {
    const r = resolveRecipients(['各省、自治区、\n直辖市、副省级城市教育厅(教委、教育局)'], DIRECTORY, CN);
    expect(r.unresolved).toEqual([]);
    expect(r.codes).toHaveLength(46);
    expect(r.codes).toContain('BJ_EDU');
  });

  it('reads the scope words literally', () => {
    const municipalities = resolveRecipients(['各直辖市科协'], DIRECTORY, CN).codes;
    expect(municipalities).toEqual(['BJ_CAST', 'TJ_CAST', 'SH_CAST', 'CQ_CAST']);
    expect(resolveRecipients(['各自治区妇联'], DIRECTORY, CN).codes).toEqual(['NM_WF', 'GX_WF', 'XZ_WF', 'NX_WF', 'XJ_WF']);
    expect(resolveRecipients(['各副省级城市科协'], DIRECTORY, { leadRegion: 'LN' }).codes).toEqual(['LN_SY_CAST', 'LN_DL_CAST']);
    expect(resolveRecipients(['北京市水利局'], DIRECTORY, CN).codes).toEqual(['BJ_WR']);
  });

  it('resolves group ids', () => {
    expect(resolveRecipients(['group:CAST/provinces'], DIRECTORY, CN).codes).toHaveLength(31);
    expect(groupMembers('group:CAST/sub-provincial-cities', DIRECTORY, CN)).toHaveLength(15);
    expect(groupMembers('group:EDU/corps', DIRECTORY, CN)).toEqual(['XPCC_EDU']);
    expect(groupMembers('group:MET/cities', DIRECTORY, HA)).toHaveLength(18);
    expect(groupMembers('group:SOCIETY/societies', DIRECTORY, CN)).toHaveLength(NATIONAL_SOCIETIES);
    expect(groupMembers('group:SOCIETY/societies', DIRECTORY, HA)).toHaveLength(HENAN_SOCIETIES);
    expect(groupMembers('group:CAST/cities', DIRECTORY, { leadRegion: 'LN' })).toEqual([]);
    expect(groupMembers('group:NOPE/provinces', DIRECTORY, CN)).toBeNull();
    expect(groupMembers('group:CAST/planets', DIRECTORY, CN)).toBeNull();
    expect(groupMembers('group:CAST/societies', DIRECTORY, CN)).toBeNull();
    expect(groupMembers('CAST/provinces', DIRECTORY, CN)).toBeNull();
  });

  it('lists canonical group ids that each cover every region of their scope', () => {
    expect(GROUP_IDS).toContain('group:CAST/provinces');
    expect(GROUP_IDS).toContain('group:DSTI/sub-provincial-cities');
    expect(GROUP_IDS).toContain('group:MET/cities');
    expect(GROUP_IDS).toContain('group:SOCIETY/societies');
    expect(GROUP_IDS).not.toContain('group:DSTI/corps');
    expect(GROUP_IDS).not.toContain('group:MET/provinces');
    expect(GROUP_IDS).toHaveLength(19 + 19 + 18 + 19 + 1);
    for (const id of GROUP_IDS) expect(groupMembers(id, DIRECTORY, HA)!.length).toBeGreaterThan(0);
  });

  it('reports what it does not recognise, and never drops it', () => {
    const r = resolveRecipients(['清华大学', '各省、自治区、直辖市发展改革委', '火星科协', 'group:CAST/planets', ''], DIRECTORY, CN);
    expect(r.codes).toEqual(['SP_THU']);
    expect(r.unresolved.map((u) => u.index)).toEqual([1, 2, 3, 4]);
    expect(r.unresolved[0].message).toContain('发展改革委');
    expect(r.unresolved[1].message).toContain('not recognised');
    expect(r.unresolved[2].message).toContain('group:CAST/planets');
    expect(r.perEntry).toHaveLength(5);
  });

  it('reports a missing body in one region of a group phrase', () => {
    const r = resolveRecipients(['新疆生产建设兵团国防科技工业管理部门'], DIRECTORY, CN);
    expect(r.codes).toEqual([]);
    expect(r.unresolved[0].message).toContain('新疆生产建设兵团');
  });

  it('does not read province-relative phrases under a national lead', () => {
    const r = resolveRecipients(['各省辖市、济源示范区科协', '各全省学会、协会、研究会'], DIRECTORY, CN);
    expect(r.codes).toEqual([]);
    expect(r.unresolved).toHaveLength(2);
    expect(r.unresolved[0].message).toContain('省辖市');
  });

  it('keeps Henan-relative phrases inside Henan', () => {
    const { main } = recipientsOf('henan-2023');
    const r = resolveRecipients([...main, 'group:CAST/cities'], DIRECTORY, HA);
    for (const code of r.codes) expect(['HA', ...HENAN_CITIES.map((c) => c.code)]).toContain(regionOf(code, DIRECTORY));
    expect(regionOf('HA_ZZ_CAST', DIRECTORY)).toBe('HA_ZZ');
    expect(regionOf('NS_CMS', DIRECTORY)).toBe('CN');
    expect(regionOf('NOPE', DIRECTORY)).toBeNull();
  });
});
