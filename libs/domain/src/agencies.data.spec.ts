import type { AgencySeed } from './agencies.data';
import { AGENCIES } from './agencies.data';

const NATIONAL_ORDER = [
  'CAST', 'CPD', 'CAC', 'MOE', 'MOST', 'CAEA', 'MNR', 'MEE', 'MWR', 'MARA', 'NHC',
  'MEM', 'SASAC', 'CAS', 'CAE', 'NFGA', 'ACFTU', 'CYLC', 'ACWF', 'CWA', 'ACFIC',
];

// The national signature block of seeds/000, row by row.
const NATIONAL_SIGNATURES = [
  '中国科协', '中央宣传部', '中央网信办', '教育部', '科技部', '国家原子能机构', '自然资源部',
  '生态环境部', '水利部', '农业农村部', '国家卫生健康委', '应急管理部', '国务院国资委',
  '中国科学院', '中国工程院', '国家林草局', '全国总工会', '共青团中央', '全国妇联', '中国作协',
  '全国工商联',
];

// The Henan signature block of seeds/002, in order (20 names as printed).
const HENAN_SIGNATURES = [
  '河南省科学技术协会', '中共河南省委宣传部', '中共河南省委网络安全和信息化委员会办公室', '河南省教育厅',
  '河南省科学技术厅', '河南省自然资源厅', '河南省生态环境厅', '河南省水利厅', '河南省农业农村厅',
  '河南省卫生健康委员会', '河南省应急管理厅', '河南省人民政府国有资产监督管理委员会', '河南省科学院',
  '河南省农业科学院', '河南省林业局', '河南省气象局', '河南省总工会', '中国共产主义青年团河南省委员会',
  '河南省妇女联合会', '河南省作家协会',
];

const national = (): AgencySeed[] => AGENCIES.filter((a) => a.level === 'national');
const henan = (): AgencySeed[] => AGENCIES.filter((a) => a.level === 'provincial' && a.code.startsWith('HA_'));

describe('AGENCIES (agency directory seeded from the two notices)', () => {
  it('lists the 21 national issuing agencies in signature order', () => {
    expect(national().map((a) => a.code)).toEqual(NATIONAL_ORDER);
  });

  it('uses the short names exactly as printed in the national signature block', () => {
    expect(national().map((a) => a.shortName)).toEqual(NATIONAL_SIGNATURES);
  });

  it('has national agencies at the top of the tree', () => {
    for (const a of national()) expect(a.parentCode).toBeNull();
  });

  it('has unique codes matching the agency code pattern', () => {
    const codes = AGENCIES.map((a) => a.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^[A-Z][A-Z0-9_]{1,31}$/);
  });

  it('has unique full names and non-empty short names', () => {
    const names = AGENCIES.map((a) => a.name);
    expect(new Set(names).size).toBe(names.length);
    for (const a of AGENCIES) {
      expect(a.name.trim()).not.toBe('');
      expect(a.shortName.trim()).not.toBe('');
    }
  });

  it('points every parentCode at an existing agency of a higher level', () => {
    const byCode = new Map(AGENCIES.map((a) => [a.code, a]));
    for (const a of AGENCIES) {
      if (a.parentCode === null) continue;
      const parent = byCode.get(a.parentCode);
      expect(parent).toBeDefined();
      expect(parent!.level).toBe('national');
      expect(a.level).toBe('provincial');
    }
  });

  it('has the 21 Henan issuers: the 20-name signature block in order, then 工商联', () => {
    const ha = henan();
    expect(ha).toHaveLength(21);
    expect(ha.slice(0, 20).map((a) => a.name)).toEqual(HENAN_SIGNATURES);
    expect(ha[20]).toMatchObject({ code: 'HA_FIC', name: '河南省工商业联合会', parentCode: 'ACFIC' });
    expect(ha.find((a) => a.code === 'HA_CAST')).toMatchObject({ shortName: '河南省科协', parentCode: 'CAST' });
  });

  it('gives no national counterpart to the Henan bodies without one', () => {
    const byCode = new Map(AGENCIES.map((a) => [a.code, a]));
    for (const code of ['HA_ACAD_SCI', 'HA_AAS', 'HA_MET']) expect(byCode.get(code)?.parentCode).toBeNull();
  });
});
