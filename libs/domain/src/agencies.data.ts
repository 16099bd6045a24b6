/**
 * The agency directory the product ships with: every issuing agency (发文机关) of the two seed
 * notices in ../shared/seeds/.
 *
 * - National (21): 中国科协等21部门关于举办2023年全国科普日活动的通知
 *   (seeds/000_eba648212c87e9f6.txt), in the order of its signature block. `shortName` is exactly
 *   as printed there; `name` is the body's official full name.
 * - Henan (21): 豫科协发〔2023〕50号 关于举办2023年河南省全国科普日活动的通知
 *   (seeds/002_615adf6ae43f9a4e.txt): the 20 agencies of its signature block in that order, with
 *   `name` as printed there, then 河南省工商业联合会, which the header (版头) and the 主送 list name
 *   but the signature block does not. `parentCode` is the national counterpart in the same system,
 *   or null where none of the 21 national agencies is one (省科学院, 省农业科学院, 省气象局).
 *
 * Codes are stable ASCII identifiers (see AGENCY_CODE in definition.ts); Henan codes carry the
 * prefix HA_ (CN-HA is Henan's ISO 3166-2 code).
 */

export type AgencyLevel = 'national' | 'provincial';

export interface AgencySeed {
  code: string;
  name: string;
  shortName: string;
  level: AgencyLevel;
  parentCode: string | null;
}

export const AGENCIES: readonly AgencySeed[] = [
  // ── National: seed 000, signature block order ──────────────────────────────────────────
  { code: 'CAST', name: '中国科学技术协会', shortName: '中国科协', level: 'national', parentCode: null },
  { code: 'CPD', name: '中共中央宣传部', shortName: '中央宣传部', level: 'national', parentCode: null },
  {
    code: 'CAC',
    name: '中共中央网络安全和信息化委员会办公室',
    shortName: '中央网信办',
    level: 'national',
    parentCode: null,
  },
  { code: 'MOE', name: '中华人民共和国教育部', shortName: '教育部', level: 'national', parentCode: null },
  { code: 'MOST', name: '中华人民共和国科学技术部', shortName: '科技部', level: 'national', parentCode: null },
  { code: 'CAEA', name: '国家原子能机构', shortName: '国家原子能机构', level: 'national', parentCode: null },
  { code: 'MNR', name: '中华人民共和国自然资源部', shortName: '自然资源部', level: 'national', parentCode: null },
  { code: 'MEE', name: '中华人民共和国生态环境部', shortName: '生态环境部', level: 'national', parentCode: null },
  { code: 'MWR', name: '中华人民共和国水利部', shortName: '水利部', level: 'national', parentCode: null },
  { code: 'MARA', name: '中华人民共和国农业农村部', shortName: '农业农村部', level: 'national', parentCode: null },
  {
    code: 'NHC',
    name: '中华人民共和国国家卫生健康委员会',
    shortName: '国家卫生健康委',
    level: 'national',
    parentCode: null,
  },
  { code: 'MEM', name: '中华人民共和国应急管理部', shortName: '应急管理部', level: 'national', parentCode: null },
  {
    code: 'SASAC',
    name: '国务院国有资产监督管理委员会',
    shortName: '国务院国资委',
    level: 'national',
    parentCode: null,
  },
  { code: 'CAS', name: '中国科学院', shortName: '中国科学院', level: 'national', parentCode: null },
  { code: 'CAE', name: '中国工程院', shortName: '中国工程院', level: 'national', parentCode: null },
  { code: 'NFGA', name: '国家林业和草原局', shortName: '国家林草局', level: 'national', parentCode: null },
  { code: 'ACFTU', name: '中华全国总工会', shortName: '全国总工会', level: 'national', parentCode: null },
  {
    code: 'CYLC',
    name: '中国共产主义青年团中央委员会',
    shortName: '共青团中央',
    level: 'national',
    parentCode: null,
  },
  { code: 'ACWF', name: '中华全国妇女联合会', shortName: '全国妇联', level: 'national', parentCode: null },
  { code: 'CWA', name: '中国作家协会', shortName: '中国作协', level: 'national', parentCode: null },
  { code: 'ACFIC', name: '中华全国工商业联合会', shortName: '全国工商联', level: 'national', parentCode: null },

  // ── Henan: seed 002, signature block order, then 工商联 (header and 主送 only) ────────────
  { code: 'HA_CAST', name: '河南省科学技术协会', shortName: '河南省科协', level: 'provincial', parentCode: 'CAST' },
  { code: 'HA_CPD', name: '中共河南省委宣传部', shortName: '河南省委宣传部', level: 'provincial', parentCode: 'CPD' },
  {
    code: 'HA_CAC',
    name: '中共河南省委网络安全和信息化委员会办公室',
    shortName: '河南省委网信办',
    level: 'provincial',
    parentCode: 'CAC',
  },
  { code: 'HA_EDU', name: '河南省教育厅', shortName: '河南省教育厅', level: 'provincial', parentCode: 'MOE' },
  { code: 'HA_ST', name: '河南省科学技术厅', shortName: '河南省科技厅', level: 'provincial', parentCode: 'MOST' },
  { code: 'HA_NR', name: '河南省自然资源厅', shortName: '河南省自然资源厅', level: 'provincial', parentCode: 'MNR' },
  { code: 'HA_EE', name: '河南省生态环境厅', shortName: '河南省生态环境厅', level: 'provincial', parentCode: 'MEE' },
  { code: 'HA_WR', name: '河南省水利厅', shortName: '河南省水利厅', level: 'provincial', parentCode: 'MWR' },
  { code: 'HA_AGRI', name: '河南省农业农村厅', shortName: '河南省农业农村厅', level: 'provincial', parentCode: 'MARA' },
  {
    code: 'HA_HEALTH',
    name: '河南省卫生健康委员会',
    shortName: '河南省卫生健康委',
    level: 'provincial',
    parentCode: 'NHC',
  },
  { code: 'HA_EM', name: '河南省应急管理厅', shortName: '河南省应急管理厅', level: 'provincial', parentCode: 'MEM' },
  {
    code: 'HA_SASAC',
    name: '河南省人民政府国有资产监督管理委员会',
    shortName: '河南省政府国资委',
    level: 'provincial',
    parentCode: 'SASAC',
  },
  { code: 'HA_ACAD_SCI', name: '河南省科学院', shortName: '河南省科学院', level: 'provincial', parentCode: null },
  { code: 'HA_AAS', name: '河南省农业科学院', shortName: '河南省农科院', level: 'provincial', parentCode: null },
  { code: 'HA_FOREST', name: '河南省林业局', shortName: '河南省林业局', level: 'provincial', parentCode: 'NFGA' },
  { code: 'HA_MET', name: '河南省气象局', shortName: '河南省气象局', level: 'provincial', parentCode: null },
  { code: 'HA_FTU', name: '河南省总工会', shortName: '河南省总工会', level: 'provincial', parentCode: 'ACFTU' },
  {
    code: 'HA_CYL',
    name: '中国共产主义青年团河南省委员会',
    shortName: '共青团河南省委',
    level: 'provincial',
    parentCode: 'CYLC',
  },
  { code: 'HA_WF', name: '河南省妇女联合会', shortName: '河南省妇联', level: 'provincial', parentCode: 'ACWF' },
  { code: 'HA_WA', name: '河南省作家协会', shortName: '河南省作协', level: 'provincial', parentCode: 'CWA' },
  // Not in the signature block; named in the garbled header (last column) and in 主送 (工商联).
  { code: 'HA_FIC', name: '河南省工商业联合会', shortName: '河南省工商联', level: 'provincial', parentCode: 'ACFIC' },
];
