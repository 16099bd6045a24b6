/**
 * The recipient directory: every body a 主送/抄送 line of the two seed notices can reach
 * (../shared/seeds/000_… national, 002_… Henan), as plain data.
 *
 * - The 42 issuing agencies of agencies.data.ts, unchanged, with their kind and region added.
 * - 31 provinces × the 19 departments of the national 主送 line (Henan reuses its agency codes).
 * - 15 sub-provincial cities × the same 19 departments.
 * - 新疆生产建设兵团: the 18 bodies of the national 主送 line (it names no 国防科技工业 body there).
 * - National societies (全国学会) under 中国科协, and the 10 特别参与单位 of the national 抄送 line.
 * - Henan: the 17 省辖市 and 济源示范区 × the 19 departments of the Henan 主送 line, and provincial
 *   societies (省级学会) under 河南省科协.
 *
 * Names: real official names where they are known for certain. Where a region's body has no single
 * name we are sure of, the entry uses the generic wording of the notice's own 主送 line
 * ("北京市国防科技工业管理部门", "大连市自然资源主管部门") so nothing is invented; those are
 * placeholders for whichever body does that job, and are listed in GENERIC_NAMED below.
 */
import type { AgencySeed } from './agencies.data';
import { AGENCIES } from './agencies.data';

export type RegionType = 'national' | 'province' | 'sub-provincial-city' | 'corps' | 'city';
export type BodyLevel = 'national' | 'provincial' | 'municipal';

export interface BodySeed {
  code: string;
  name: string;
  shortName: string;
  level: BodyLevel;
  parentCode: string | null;
  /** Department kind: CAST, CPD, …, SOCIETY, SPECIAL (see DEPARTMENT_KINDS). */
  kind: string;
  /** 'CN' for national bodies, else an ISO 3166-2:CN suffix ('HA') or a city code ('HA_ZZ', 'LN_DL'). */
  region: string;
  regionName: string;
  regionType: RegionType;
  /** The province of a city; null for provinces, national bodies and the corps. */
  parentRegion: string | null;
}

/** The 19 departments of the national 主送 line, in the order printed there. */
export const NATIONAL_LINE_KINDS = [
  'CAST', 'CPD', 'CAC', 'EDU', 'ST', 'DSTI', 'NR', 'EE', 'WR', 'AGRI',
  'HEALTH', 'EM', 'SASAC', 'FOREST', 'FTU', 'CYL', 'WF', 'WA', 'FIC',
] as const;

/** The 18 corps bodies of the national 主送 line: the same list without 国防科技工业管理部门. */
export const CORPS_LINE_KINDS = NATIONAL_LINE_KINDS.filter((k) => k !== 'DSTI');

/** The 19 departments of the Henan 主送 line (seed 002, line 188), in the order printed there. */
export const HENAN_CITY_LINE_KINDS = [
  'CAST', 'CPD', 'CAC', 'EDU', 'ST', 'NR', 'EE', 'WR', 'AGRI', 'HEALTH',
  'EM', 'SASAC', 'FOREST', 'MET', 'FTU', 'CYL', 'WF', 'WA', 'FIC',
] as const;

/** Every department kind used in the directory, with what it stands for. */
export const DEPARTMENT_KINDS: Readonly<Record<string, string>> = {
  CAST: '科学技术协会',
  CPD: '党委宣传部',
  CAC: '党委网信办',
  EDU: '教育部门',
  ST: '科技部门',
  DSTI: '国防科技工业管理部门',
  NR: '自然资源主管部门',
  EE: '生态环境部门',
  WR: '水利（水务）部门',
  AGRI: '农业农村（农牧）部门',
  HEALTH: '卫生健康委员会',
  EM: '应急管理部门',
  SASAC: '国有资产监督管理委员会',
  FOREST: '林业和草原主管部门',
  FTU: '工会',
  CYL: '共青团委员会',
  WF: '妇女联合会',
  WA: '作家协会',
  FIC: '工商业联合会',
  MET: '气象局',
  ACAD_SCI: '科学院',
  ACAD_ENG: '工程院',
  ACAD_AGRI: '农业科学院',
  SOCIETY: '学会、协会、研究会',
  SPECIAL: '特别参与单位',
};

// National counterpart of each department kind (the parentCode of a province's body).
// 国家原子能机构 and 国家国防科技工业局 are one office under two names, so CAEA heads DSTI.
const NATIONAL_COUNTERPART: Readonly<Record<string, string>> = {
  CAST: 'CAST', CPD: 'CPD', CAC: 'CAC', EDU: 'MOE', ST: 'MOST', DSTI: 'CAEA', NR: 'MNR', EE: 'MEE',
  WR: 'MWR', AGRI: 'MARA', HEALTH: 'NHC', EM: 'MEM', SASAC: 'SASAC', FOREST: 'NFGA', FTU: 'ACFTU',
  CYL: 'CYLC', WF: 'ACWF', WA: 'CWA', FIC: 'ACFIC',
};

// Kind of each of the 42 issuing agencies (codes are fixed by agencies.data.ts).
const AGENCY_KIND: Readonly<Record<string, string>> = {
  CAST: 'CAST', CPD: 'CPD', CAC: 'CAC', MOE: 'EDU', MOST: 'ST', CAEA: 'DSTI', MNR: 'NR', MEE: 'EE',
  MWR: 'WR', MARA: 'AGRI', NHC: 'HEALTH', MEM: 'EM', SASAC: 'SASAC', CAS: 'ACAD_SCI', CAE: 'ACAD_ENG',
  NFGA: 'FOREST', ACFTU: 'FTU', CYLC: 'CYL', ACWF: 'WF', CWA: 'WA', ACFIC: 'FIC',
  HA_CAST: 'CAST', HA_CPD: 'CPD', HA_CAC: 'CAC', HA_EDU: 'EDU', HA_ST: 'ST', HA_NR: 'NR', HA_EE: 'EE',
  HA_WR: 'WR', HA_AGRI: 'AGRI', HA_HEALTH: 'HEALTH', HA_EM: 'EM', HA_SASAC: 'SASAC',
  HA_ACAD_SCI: 'ACAD_SCI', HA_AAS: 'ACAD_AGRI', HA_FOREST: 'FOREST', HA_MET: 'MET', HA_FTU: 'FTU',
  HA_CYL: 'CYL', HA_WF: 'WF', HA_WA: 'WA', HA_FIC: 'FIC',
};

interface Region {
  code: string;
  name: string;
  /** Party-committee short form: 北京市委, 内蒙古自治区党委 (autonomous regions say 党委). */
  partyShort: string;
}

const region = (code: string, name: string): Region => ({
  code,
  name,
  partyShort: name.endsWith('自治区') ? `${name}党委` : `${name}委`,
});

/** The 31 province-level regions, ISO 3166-2:CN order. */
export const PROVINCES: readonly Region[] = [
  region('BJ', '北京市'), region('TJ', '天津市'), region('HE', '河北省'), region('SX', '山西省'),
  region('NM', '内蒙古自治区'), region('LN', '辽宁省'), region('JL', '吉林省'), region('HL', '黑龙江省'),
  region('SH', '上海市'), region('JS', '江苏省'), region('ZJ', '浙江省'), region('AH', '安徽省'),
  region('FJ', '福建省'), region('JX', '江西省'), region('SD', '山东省'), region('HA', '河南省'),
  region('HB', '湖北省'), region('HN', '湖南省'), region('GD', '广东省'), region('GX', '广西壮族自治区'),
  region('HI', '海南省'), region('CQ', '重庆市'), region('SC', '四川省'), region('GZ', '贵州省'),
  region('YN', '云南省'), region('XZ', '西藏自治区'), region('SN', '陕西省'), region('GS', '甘肃省'),
  region('QH', '青海省'), region('NX', '宁夏回族自治区'), region('XJ', '新疆维吾尔自治区'),
];

/** The 15 sub-provincial cities (副省级城市) with their province. */
export const SUB_PROVINCIAL_CITIES: readonly (Region & { province: string })[] = [
  ['HL_HRB', '哈尔滨市', 'HL'], ['JL_CC', '长春市', 'JL'], ['LN_SY', '沈阳市', 'LN'], ['LN_DL', '大连市', 'LN'],
  ['SD_JN', '济南市', 'SD'], ['SD_QD', '青岛市', 'SD'], ['JS_NJ', '南京市', 'JS'], ['ZJ_HZ', '杭州市', 'ZJ'],
  ['ZJ_NB', '宁波市', 'ZJ'], ['FJ_XM', '厦门市', 'FJ'], ['HB_WH', '武汉市', 'HB'], ['GD_GZ', '广州市', 'GD'],
  ['GD_SZ', '深圳市', 'GD'], ['SC_CD', '成都市', 'SC'], ['SN_XA', '西安市', 'SN'],
].map(([code, name, province]) => ({ ...region(code, name), province }));

/** Henan's 17 省辖市 and 济源示范区 (the seed's own name for 济源产城融合示范区). */
export const HENAN_CITIES: readonly Region[] = [
  region('HA_ZZ', '郑州市'), region('HA_KF', '开封市'), region('HA_LY', '洛阳市'), region('HA_PDS', '平顶山市'),
  region('HA_AY', '安阳市'), region('HA_HB', '鹤壁市'), region('HA_XX', '新乡市'), region('HA_JZ', '焦作市'),
  region('HA_PY', '濮阳市'), region('HA_XC', '许昌市'), region('HA_LH', '漯河市'), region('HA_SMX', '三门峡市'),
  region('HA_NY', '南阳市'), region('HA_SQ', '商丘市'), region('HA_XY', '信阳市'), region('HA_ZK', '周口市'),
  region('HA_ZMD', '驻马店市'), region('HA_JY', '济源示范区'),
];

type Named = readonly [name: string, shortName: string];

/**
 * A department's name in a region where it follows the common pattern. Province-level and city
 * forms differ only in 厅 vs 局; the exceptions are per-region overrides below.
 */
function standardName(kind: string, r: Region, city: boolean): Named {
  const n = r.name;
  const dept = city ? '局' : '厅';
  switch (kind) {
    case 'CAST': return [`${n}科学技术协会`, `${n}科协`];
    case 'CPD': return [`中共${n}委员会宣传部`, `${r.partyShort}宣传部`];
    case 'CAC': return [`中共${n}委员会网络安全和信息化委员会办公室`, `${r.partyShort}网信办`];
    case 'EDU': return same(`${n}教育${dept}`);
    case 'ST': return [`${n}科学技术${dept}`, `${n}科技${dept}`];
    case 'DSTI': return generic(kind, n);
    case 'NR': return city ? generic(kind, n) : same(`${n}自然资源厅`);
    case 'EE': return same(`${n}生态环境${dept}`);
    case 'WR': return same(`${n}水利${dept}`);
    case 'AGRI': return same(`${n}农业农村${dept}`);
    case 'HEALTH': return [`${n}卫生健康委员会`, `${n}卫生健康委`];
    case 'EM': return same(`${n}应急管理${dept}`);
    case 'SASAC': return [`${n}人民政府国有资产监督管理委员会`, `${n}国资委`];
    case 'FOREST': return generic(kind, n);
    case 'FTU': return same(`${n}总工会`);
    case 'CYL': return [`中国共产主义青年团${n}委员会`, `共青团${n}委`];
    case 'WF': return [`${n}妇女联合会`, `${n}妇联`];
    case 'WA': return [`${n}作家协会`, `${n}作协`];
    case 'FIC': return [`${n}工商业联合会`, `${n}工商联`];
    case 'MET': return same(`${n}气象局`);
    default: throw new Error(`no name pattern for department kind ${kind}`);
  }
}

function same(name: string): Named {
  return [name, name];
}

// The 主送 line's own wording for bodies whose per-region name we do not know for certain.
const GENERIC_WORDING: Readonly<Record<string, string>> = {
  DSTI: '国防科技工业管理部门',
  NR: '自然资源主管部门',
  FOREST: '林业和草原主管部门',
  WR: '水利（水务）局',
  AGRI: '农业农村主管部门',
};

function generic(kind: string, regionName: string): Named {
  return same(`${regionName}${GENERIC_WORDING[kind]}`);
}

// Province-level names that differ from the pattern. Municipalities (直辖市) have 委/局, not 厅.
const PROVINCE_OVERRIDES: Readonly<Record<string, Readonly<Record<string, Named>>>> = {
  BJ: {
    EDU: ['北京市教育委员会', '北京市教委'],
    ST: ['北京市科学技术委员会', '北京市科委'],
    NR: ['北京市规划和自然资源委员会', '北京市规划自然资源委'],
    EE: same('北京市生态环境局'),
    WR: same('北京市水务局'),
    AGRI: same('北京市农业农村局'),
    EM: same('北京市应急管理局'),
    FOREST: same('北京市园林绿化局'),
  },
  TJ: {
    EDU: ['天津市教育委员会', '天津市教委'],
    ST: ['天津市科学技术局', '天津市科技局'],
    NR: same('天津市规划和自然资源局'),
    EE: same('天津市生态环境局'),
    WR: same('天津市水务局'),
    AGRI: ['天津市农业农村委员会', '天津市农业农村委'],
    EM: same('天津市应急管理局'),
  },
  SH: {
    EDU: ['上海市教育委员会', '上海市教委'],
    ST: ['上海市科学技术委员会', '上海市科委'],
    NR: same('上海市规划和自然资源局'),
    EE: same('上海市生态环境局'),
    WR: same('上海市水务局'),
    AGRI: ['上海市农业农村委员会', '上海市农业农村委'],
    EM: same('上海市应急管理局'),
    FOREST: same('上海市绿化和市容管理局'),
  },
  CQ: {
    EDU: ['重庆市教育委员会', '重庆市教委'],
    ST: ['重庆市科学技术局', '重庆市科技局'],
    NR: same('重庆市规划和自然资源局'),
    EE: same('重庆市生态环境局'),
    WR: same('重庆市水利局'),
    AGRI: ['重庆市农业农村委员会', '重庆市农业农村委'],
    EM: same('重庆市应急管理局'),
    FOREST: same('重庆市林业局'),
  },
  NM: { AGRI: same('内蒙古自治区农牧厅') },
  HI: { NR: same('海南省自然资源和规划厅'), WR: same('海南省水务厅') },
};

// Provincial forestry bodies we are sure of (林业局 vs 林业和草原局); the rest (天津, 江苏, 山东,
// where forestry sits inside another department) keep the generic wording.
const PROVINCE_FORESTRY: Readonly<Record<string, '林业局' | '林业和草原局'>> = {
  HE: '林业和草原局', SX: '林业和草原局', NM: '林业和草原局', LN: '林业和草原局', JL: '林业和草原局',
  HL: '林业和草原局', ZJ: '林业局', AH: '林业局', FJ: '林业局', JX: '林业局', HB: '林业局', HN: '林业局',
  GD: '林业局', GX: '林业局', HI: '林业局', SC: '林业和草原局', GZ: '林业局', YN: '林业和草原局',
  XZ: '林业和草原局', SN: '林业局', GS: '林业和草原局', QH: '林业和草原局', NX: '林业和草原局',
  XJ: '林业和草原局',
};

// Sub-provincial city names that differ from the pattern (city bodies default to 局).
const CITY_WATER: Readonly<Record<string, '水务局' | '水利局'>> = {
  HL_HRB: '水务局', LN_SY: '水务局', LN_DL: '水务局', SD_JN: '水务局', JS_NJ: '水务局', ZJ_NB: '水利局',
  FJ_XM: '水利局', HB_WH: '水务局', GD_GZ: '水务局', GD_SZ: '水务局', SC_CD: '水务局', SN_XA: '水务局',
};
const SUB_PROVINCIAL_OVERRIDES: Readonly<Record<string, Readonly<Record<string, Named>>>> = {
  // 深圳 runs science and technology through its 科技创新委员会 (its 2023 name).
  GD_SZ: { ST: ['深圳市科技创新委员会', '深圳市科创委'], AGRI: generic('AGRI', '深圳市') },
};

function provinceBody(r: Region, kind: string): Named {
  const override = PROVINCE_OVERRIDES[r.code]?.[kind];
  if (override) return override;
  if (kind === 'FOREST' && PROVINCE_FORESTRY[r.code]) return same(`${r.name}${PROVINCE_FORESTRY[r.code]}`);
  return standardName(kind, r, false);
}

function subProvincialBody(r: Region, kind: string): Named {
  const override = SUB_PROVINCIAL_OVERRIDES[r.code]?.[kind];
  if (override) return override;
  if (kind === 'WR') return CITY_WATER[r.code] ? same(`${r.name}${CITY_WATER[r.code]}`) : generic('WR', r.name);
  return standardName(kind, r, true);
}

// Henan 主送 line wording per kind (seed 002, line 188), used as-is for 济源示范区, whose bodies'
// full names we do not know, and for the 省辖市 bodies the line names by a form we cannot expand
// for certain (自然资源局, 水利局, 林业局: several cities merged these into other departments).
const HENAN_LINE_WORDING: Readonly<Record<string, string>> = {
  CAST: '科协', CPD: '党委宣传部', CAC: '网信办', EDU: '教育局', ST: '科技局', NR: '自然资源局',
  EE: '生态环境局', WR: '水利局', AGRI: '农业农村局', HEALTH: '卫生健康委', EM: '应急管理局',
  SASAC: '国资委', FOREST: '林业局', MET: '气象局', FTU: '工会', CYL: '团委', WF: '妇联', WA: '作协',
  FIC: '工商联',
};

function henanCityBody(r: Region, kind: string): Named {
  if (r.code === 'HA_JY' || kind === 'NR' || kind === 'WR' || kind === 'FOREST') {
    return same(`${r.name}${HENAN_LINE_WORDING[kind]}`);
  }
  return standardName(kind, r, true);
}

// The corps bodies, named as the national 主送 line prints them (shortName) with the full form.
const CORPS_NAMES: Readonly<Record<string, Named>> = {
  CAST: ['新疆生产建设兵团科学技术协会', '新疆生产建设兵团科协'],
  CPD: ['中共新疆生产建设兵团委员会宣传部', '新疆生产建设兵团党委宣传部'],
  CAC: ['中共新疆生产建设兵团委员会网络安全和信息化委员会办公室', '新疆生产建设兵团网信办'],
  EDU: same('新疆生产建设兵团教育局'),
  ST: ['新疆生产建设兵团科学技术局', '新疆生产建设兵团科技局'],
  NR: same('新疆生产建设兵团自然资源局'),
  EE: same('新疆生产建设兵团生态环境局'),
  WR: same('新疆生产建设兵团水利局'),
  AGRI: same('新疆生产建设兵团农业农村局'),
  HEALTH: ['新疆生产建设兵团卫生健康委员会', '新疆生产建设兵团卫生健康委'],
  EM: same('新疆生产建设兵团应急管理局'),
  SASAC: ['新疆生产建设兵团国有资产监督管理委员会', '新疆生产建设兵团国资委'],
  FOREST: same('新疆生产建设兵团林业和草原局'),
  FTU: same('新疆生产建设兵团工会'),
  CYL: ['中国共产主义青年团新疆生产建设兵团委员会', '新疆生产建设兵团团委'],
  WF: ['新疆生产建设兵团妇女联合会', '新疆生产建设兵团妇联'],
  WA: ['新疆生产建设兵团作家协会', '新疆生产建设兵团作协'],
  FIC: ['新疆生产建设兵团工商业联合会', '新疆生产建设兵团工商联'],
};

/** National societies (全国学会) under 中国科协: [code suffix, name]. Only ones known to exist. */
const NATIONAL_SOCIETIES: readonly (readonly [string, string])[] = [
  // 理科
  ['CMS', '中国数学会'], ['CPS', '中国物理学会'], ['CSTAM', '中国力学学会'], ['COS', '中国光学学会'],
  ['ASC', '中国声学学会'], ['CCS', '中国化学会'], ['ASTRO', '中国天文学会'], ['CMETS', '中国气象学会'],
  ['CGS', '中国地球物理学会'], ['GSC', '中国地质学会'], ['GEOG', '中国地理学会'], ['PSC', '中国古生物学会'],
  ['CSOL', '中国海洋湖沼学会'], ['OCEAN', '中国海洋学会'], ['CZS', '中国动物学会'], ['BSC', '中国植物学会'],
  ['ESC', '中国昆虫学会'], ['CSM', '中国微生物学会'], ['CSBMB', '中国生物化学与分子生物学会'],
  ['CSCB', '中国细胞生物学学会'], ['GENET', '中国遗传学会'], ['PSYCH', '中国心理学会'],
  ['BIOPHYS', '中国生物物理学会'], ['ECOL', '中国生态学学会'], ['CSES', '中国环境科学学会'],
  ['CSNR', '中国自然资源学会'], ['SSC', '中国地震学会'], ['HISTSCI', '中国科学技术史学会'],
  ['DIALECTICS', '中国自然辩证法研究会'], ['CALAS', '中国实验动物学会'], ['CNS', '中国神经科学学会'],
  ['CSBT', '中国生物工程学会'], ['MSC', '中国菌物学会'], ['CSSR', '中国空间科学学会'], ['ORSC', '中国运筹学会'],
  ['SESC', '中国系统工程学会'],
  // 工科
  ['CMES', '中国机械工程学会'], ['SAE', '中国汽车工程学会'], ['CSAM', '中国农业机械学会'],
  ['CSEE', '中国电机工程学会'], ['CES', '中国电工技术学会'], ['CHES', '中国水利学会'],
  ['CSHE', '中国水力发电工程学会'], ['CIE', '中国电子学会'], ['CCF', '中国计算机学会'], ['CIC', '中国通信学会'],
  ['CAA', '中国自动化学会'], ['CIS', '中国仪器仪表学会'], ['CIPS', '中国中文信息学会'],
  ['CAAI', '中国人工智能学会'], ['CSIG', '中国图象图形学学会'], ['CSMT', '中国计量测试学会'],
  ['CCES', '中国土木工程学会'], ['ARCH', '中国建筑学会'], ['CHTS', '中国公路学会'], ['CRS', '中国铁道学会'],
  ['CSAA', '中国航空学会'], ['CSA', '中国宇航学会'], ['CSNAME', '中国造船工程学会'], ['CIN', '中国航海学会'],
  ['CIESC', '中国化工学会'], ['PETRO', '中国石油学会'], ['COAL', '中国煤炭学会'], ['METALS', '中国金属学会'],
  ['NFSOC', '中国有色金属学会'], ['CSRE', '中国稀土学会'], ['CCERS', '中国硅酸盐学会'], ['NUCLEAR', '中国核学会'],
  ['ORDNANCE', '中国兵工学会'], ['CTES', '中国纺织工程学会'], ['CTAPI', '中国造纸学会'],
  ['CIFST', '中国食品科学技术学会'], ['CCOA', '中国粮油学会'], ['CSGPC', '中国测绘学会'],
  ['CRES', '中国可再生能源学会'], ['CSRME', '中国岩石力学与工程学会'], ['CMRS', '中国材料研究学会'],
  ['GRAPHICS', '中国图学学会'], ['CAR', '中国制冷学会'],
  // 农科
  ['AGRON', '中国农学会'], ['CSF', '中国林学会'], ['SSSC', '中国土壤学会'], ['CSFISH', '中国水产学会'],
  ['CSPP', '中国植物保护学会'], ['CSHS', '中国园艺学会'], ['CAAV', '中国畜牧兽医学会'], ['CSCS', '中国作物学会'],
  ['CTSS', '中国茶叶学会'], ['GRASS', '中国草学会'], ['SERI', '中国蚕学会'], ['CSAE', '中国农业工程学会'],
  ['CSPB', '中国植物生理与植物分子生物学学会'], ['CSSWC', '中国水土保持学会'], ['CSTC', '中国热带作物学会'],
  ['CRSTA', '中国农村专业技术协会'],
  // 医科
  ['CMA', '中华医学会'], ['CACM', '中华中医药学会'], ['CPMA', '中华预防医学会'], ['CNA', '中华护理学会'],
  ['STOMA', '中华口腔医学会'], ['CPA', '中国药学会'], ['CAIM', '中国中西医结合学会'], ['CAAM', '中国针灸学会'],
  ['NUTRITION', '中国营养学会'], ['CACA', '中国抗癌协会'], ['CAPS', '中国生理学会'], ['CSAS', '中国解剖学会'],
  ['CNPHARS', '中国药理学会'], ['CAP', '中国病理生理学会'], ['CSI', '中国免疫学会'],
  ['CSBME', '中国生物医学工程学会'], ['CARM', '中国康复医学会'], ['SPORTS', '中国体育科学学会'],
  // 交叉学科与科普
  ['CSPW', '中国科普作家协会'], ['CESSP', '中国科学技术期刊编辑学会'], ['CASM', '中国自然科学博物馆学会'],
  ['CSSTJ', '中国科技新闻学会'], ['YSTEA', '中国青少年科技辅导员协会'], ['CSSTI', '中国科学技术情报学会'],
  ['CAI', '中国发明协会'],
];

/** Henan provincial societies under 河南省科协: [code suffix, name]. Only ones known to exist. */
const HENAN_SOCIETIES: readonly (readonly [string, string])[] = [
  ['MATH', '河南省数学会'], ['PHYS', '河南省物理学会'], ['CHEM', '河南省化学会'], ['MET', '河南省气象学会'],
  ['GEOL', '河南省地质学会'], ['GEOG', '河南省地理学会'], ['ENV', '河南省环境科学学会'],
  ['MECH', '河南省机械工程学会'], ['ELEC', '河南省电子学会'], ['COMP', '河南省计算机学会'],
  ['AUTO', '河南省自动化学会'], ['WATER', '河南省水利学会'], ['AGRON', '河南省农学会'], ['FOREST', '河南省林学会'],
  ['PP', '河南省植物保护学会'], ['AV', '河南省畜牧兽医学会'], ['MED', '河南省医学会'], ['PMED', '河南省预防医学会'],
  ['NURSE', '河南省护理学会'], ['PHARM', '河南省药学会'], ['IM', '河南省中西医结合学会'],
  ['NUTR', '河南省营养学会'], ['CANCER', '河南省抗癌协会'], ['SCIWRITERS', '河南省科普作家协会'],
  ['YSTEA', '河南省青少年科技辅导员协会'],
];

/** The 10 特别参与单位 of the national 抄送 line: [code, full name, shortName as printed]. */
const SPECIAL_UNITS: readonly (readonly [string, string, string])[] = [
  ['SP_THU', '清华大学', '清华大学'],
  ['SP_SINOPEC', '中国石油化工集团有限公司', '中国石化'],
  ['SP_BOC', '中国银行股份有限公司', '中国银行'],
  ['SP_CSCLF', '中国宋庆龄基金会', '中国宋庆龄基金会'],
  ['SP_CCCG', '中国交通建设集团有限公司', '中交集团'],
  ['SP_CHN_ENERGY', '国家能源投资集团有限责任公司', '国家能源集团'],
  ['SP_CHINA_UNICOM', '中国联合网络通信集团有限公司', '中国联通'],
  ['SP_CASC', '中国航天科技集团有限公司', '航天科技'],
  ['SP_CTG', '中国长江三峡集团有限公司', '中国三峡集团'],
  ['SP_CNPC', '中国石油天然气集团有限公司', '中国石油'],
];

// ── Assembly ───────────────────────────────────────────────────────────────────────────────

const NATIONAL_REGION = { region: 'CN', regionName: '全国', regionType: 'national', parentRegion: null } as const;

function fromAgency(a: AgencySeed): BodySeed {
  const kind = AGENCY_KIND[a.code];
  // A new issuing agency must be given its kind here, or group phrases would silently miss it.
  if (!kind) throw new Error(`directory.data: no department kind for agency ${a.code}`);
  if (a.level === 'national') {
    const { code, name, shortName, level, parentCode } = a;
    return { code, name, shortName, level, parentCode, kind, ...NATIONAL_REGION };
  }
  // Provincial agency codes carry their province's ISO suffix as prefix (HA_…).
  const province = PROVINCES.find((p) => a.code.startsWith(`${p.code}_`));
  if (!province) throw new Error(`directory.data: no province for agency ${a.code}`);
  return {
    code: a.code, name: a.name, shortName: a.shortName, level: a.level, parentCode: a.parentCode, kind,
    region: province.code, regionName: province.name, regionType: 'province', parentRegion: null,
  };
}

function build(): BodySeed[] {
  const out: BodySeed[] = [];
  const agencies = new Map(AGENCIES.map((a) => [a.code, a]));

  for (const a of AGENCIES) if (a.level === 'national') out.push(fromAgency(a));

  for (const p of PROVINCES) {
    const where = { region: p.code, regionName: p.name, regionType: 'province', parentRegion: null } as const;
    for (const kind of NATIONAL_LINE_KINDS) {
      const code = `${p.code}_${kind}`;
      const existing = agencies.get(code);
      if (existing) { out.push(fromAgency(existing)); continue; }
      const [name, shortName] = provinceBody(p, kind);
      out.push({ code, name, shortName, level: 'provincial', parentCode: NATIONAL_COUNTERPART[kind], kind, ...where });
    }
    // A province's other issuing agencies (河南: 科学院, 农科院, 气象局) follow its 19 departments.
    const placed = new Set(out.map((b) => b.code));
    for (const a of AGENCIES) {
      if (a.level !== 'national' && !placed.has(a.code) && a.code.startsWith(`${p.code}_`)) out.push(fromAgency(a));
    }
  }

  for (const c of SUB_PROVINCIAL_CITIES) {
    const where = { region: c.code, regionName: c.name, regionType: 'sub-provincial-city', parentRegion: c.province } as const;
    for (const kind of NATIONAL_LINE_KINDS) {
      const [name, shortName] = subProvincialBody(c, kind);
      out.push({
        code: `${c.code}_${kind}`, name, shortName, level: 'municipal', parentCode: `${c.province}_${kind}`, kind, ...where,
      });
    }
  }

  for (const kind of CORPS_LINE_KINDS) {
    const [name, shortName] = CORPS_NAMES[kind];
    out.push({
      code: `XPCC_${kind}`, name, shortName, level: 'provincial', parentCode: NATIONAL_COUNTERPART[kind], kind,
      region: 'XPCC', regionName: '新疆生产建设兵团', regionType: 'corps', parentRegion: null,
    });
  }

  for (const [abbr, name] of NATIONAL_SOCIETIES) {
    out.push({
      code: `NS_${abbr}`, name, shortName: name, level: 'national', parentCode: 'CAST', kind: 'SOCIETY', ...NATIONAL_REGION,
    });
  }
  for (const [code, name, shortName] of SPECIAL_UNITS) {
    out.push({ code, name, shortName, level: 'national', parentCode: null, kind: 'SPECIAL', ...NATIONAL_REGION });
  }

  for (const c of HENAN_CITIES) {
    const where = { region: c.code, regionName: c.name, regionType: 'city', parentRegion: 'HA' } as const;
    for (const kind of HENAN_CITY_LINE_KINDS) {
      const [name, shortName] = henanCityBody(c, kind);
      out.push({ code: `${c.code}_${kind}`, name, shortName, level: 'municipal', parentCode: `HA_${kind}`, kind, ...where });
    }
  }
  for (const [abbr, name] of HENAN_SOCIETIES) {
    out.push({
      code: `HA_S_${abbr}`, name, shortName: name, level: 'provincial', parentCode: 'HA_CAST', kind: 'SOCIETY',
      region: 'HA', regionName: '河南省', regionType: 'province', parentRegion: null,
    });
  }
  const placed = new Set(out.map((b) => b.code));
  const unplaced = AGENCIES.filter((a) => !placed.has(a.code)).map((a) => a.code);
  if (unplaced.length > 0) throw new Error(`directory.data: agencies not placed: ${unplaced.join(', ')}`);
  return out;
}

export const DIRECTORY: readonly BodySeed[] = Object.freeze(build());

/**
 * Codes of bodies named by the wording of a 主送 line rather than a confirmed official name: the
 * generic forms of GENERIC_WORDING ("…国防科技工业管理部门", "…自然资源主管部门" …), all of
 * 济源示范区, and the Henan cities' 自然资源局, 水利局 and 林业局 as the Henan line prints them.
 * A real deployment should confirm these names.
 */
export const GENERIC_NAMED: readonly string[] = DIRECTORY.filter(
  (b) =>
    Object.values(GENERIC_WORDING).some((w) => b.name === `${b.regionName}${w}`) ||
    b.region === 'HA_JY' ||
    (b.regionType === 'city' && b.parentRegion === 'HA' && ['NR', 'WR', 'FOREST'].includes(b.kind)),
).map((b) => b.code);
