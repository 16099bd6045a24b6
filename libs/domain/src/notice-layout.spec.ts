import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  attachmentLines,
  BODY_CHAR_PT,
  BODY_LINE_PT,
  breakText,
  docNumberLine,
  issuingMarkNames,
  lineText,
  noticeParagraphs,
  pageNumberSide,
  pageNumberText,
  paragraphLevel,
  printedOn,
  printingOffice,
  recipientLine,
  signatureName,
  signatureRows,
  titleLines,
  writingDate,
} from './notice-layout';
import { AGENCIES } from './agencies.data';

const agency = (code: string) => AGENCIES.find((a) => a.code === code)!;
const nationalBody = () => {
  const yaml = readFileSync(path.join(__dirname, '../../../campaigns/national-2023.yaml'), 'utf8');
  return yaml.slice(yaml.indexOf('body: |') + 8).replace(/^ {2}/gm, '');
};

describe('GB/T 9704 grid', () => {
  it('22 lines of 28 characters in the 156 × 225 mm type area', () => {
    expect(BODY_LINE_PT * 22).toBeCloseTo((225 * 72) / 25.4, 6);
    expect(BODY_CHAR_PT * 28).toBeCloseTo((156 * 72) / 25.4, 6);
  });
});

describe('the body’s levels', () => {
  it('一、 （一） 1. （1） by their ordinals, others plain', () => {
    expect(paragraphLevel('一、时间和主题')).toBe(1);
    expect(paragraphLevel('十二、其他')).toBe(1);
    expect(paragraphLevel('（三）坚持科技赋能，助力“国之大者”。')).toBe(2);
    expect(paragraphLevel('(四) 践行科普为民')).toBe(2);
    expect(paragraphLevel('1.学会科普联合行动。')).toBe(3);
    expect(paragraphLevel('5. 科普（教育）基地联合行动。')).toBe(3);
    expect(paragraphLevel('（1）第四层')).toBe(4);
    expect(paragraphLevel('2023年是学习贯彻党的二十大精神的开局之年')).toBe(0);
    expect(paragraphLevel('10月10日前，各省级科协')).toBe(0);
    expect(paragraphLevel('2.5万人参加')).toBe(0);
  });

  it('the first level in 黑体, the second’s heading sentence in 楷体, the rest in 仿宋; the text unchanged', () => {
    const body = nationalBody();
    const paras = noticeParagraphs(body);
    expect(paras[1]).toEqual({ level: 1, runs: [{ text: '一、时间和主题', style: 'heading1' }] });
    const second = paras.find((p) => p.level === 2)!;
    expect(second.runs[0]).toEqual({ text: '（一）加强政治引领，激发奋进力量。', style: 'heading2' });
    expect(second.runs[1].style).toBe('body');
    expect(paras.filter((p) => p.level === 1).map((p) => p.runs[0].text)).toEqual(['一、时间和主题', '二、活动内容', '三、活动安排', '四、工作要求']);
    expect(paras.filter((p) => p.level === 3)).toHaveLength(9);
    // Every character of every non-blank line is there, in order.
    const lines = body.split('\n').map((l) => l.replace(/\s+$/, '')).filter((l) => l.trim());
    expect(paras.map((p) => p.runs.map((r) => r.text).join(''))).toEqual(lines);
  });
});

describe('line breaking', () => {
  it('lines of at most 28 cells, the first indented two, numbers kept whole, no closing mark at a line’s start', () => {
    const text = noticeParagraphs(nationalBody())[0].runs[0].text;
    const lines = breakText(text, { width: 28, indent: 2 });
    expect(lines[0].indent).toBe(2);
    expect(lines.map(lineText).join('')).toBe(text);
    for (const l of lines) {
      expect(l.indent + l.width).toBeLessThanOrEqual(28);
      expect('，。、；：？！）》”'.includes(l.chars[0])).toBe(false);
      expect('（《“'.includes(l.chars[l.chars.length - 1])).toBe(false);
    }
    expect(lines[lines.length - 1].last).toBe(true);
    const tel = breakText('联系电话：010-68512519，电子邮箱：kepuri@cast.org.cn，邮寄地址北京市海淀区', { width: 12 }).map(lineText);
    expect(tel.some((l) => l.includes('010-68512519'))).toBe(true);
  });

  it('a closing mark that would start a line takes the character before it down', () => {
    const lines = breakText('一二三四五六七八九十，', { width: 10 }).map(lineText);
    expect(lines).toEqual(['一二三四五六七八九', '十，']);
  });
});

describe('the title', () => {
  it('one line when it fits; else the issuers apart from what it is about, as the national notice prints it', () => {
    expect(titleLines('关于开展文档测试的通知', 20)).toEqual(['关于开展文档测试的通知']);
    expect(titleLines('中国科协等21部门关于举办2023年全国科普日活动的通知', 20)).toEqual(['中国科协等21部门', '关于举办2023年全国科普日活动的通知']);
  });

  it('balanced lines, a word kept whole, the shorter above (a trapezium)', () => {
    const lines = titleLines('关于举办2023年河南省全国科普日活动的通知', 17);
    expect(lines).toEqual(['关于举办2023年河南省', '全国科普日活动的通知']);
  });
});

describe('主送 and 抄送', () => {
  it('entries of one scope written once, groups apart by ，, single bodies by 、, a full stop at the end', () => {
    const main = ['中国科协所属各全国学会、协会、研究会', '各省、自治区、直辖市、副省级城市科协', '各省、自治区、直辖市、副省级城市党委宣传部', '新疆生产建设兵团科协', '新疆生产建设兵团网信办', '各有关单位'];
    expect(recipientLine(main)).toBe('中国科协所属各全国学会、协会、研究会，各省、自治区、直辖市、副省级城市科协、党委宣传部，新疆生产建设兵团科协、网信办，各有关单位。');
    expect(recipientLine(['清华大学', '中国石化', '中国银行'])).toBe('清华大学、中国石化、中国银行。');
    expect(recipientLine([])).toBe('');
  });

  it('never cuts a department’s name to share a prefix', () => {
    expect(recipientLine(['各省辖市科技局', '各省辖市科协'])).toBe('各省辖市科技局、科协。');
    expect(recipientLine(['河南省科学院', '河南省科协'])).toBe('河南省科学院、科协。');
  });
});

describe('signature block, dates, 版记, page numbers', () => {
  it('central agencies sign with their short names, in rows of three; long names one to a row', () => {
    const national = ['CAST', 'CPD', 'CAC', 'MOE', 'MOST', 'CAEA', 'MNR'].map(agency);
    const names = national.map(signatureName);
    expect(names.slice(0, 3)).toEqual(['中国科协', '中央宣传部', '中央网信办']);
    expect(signatureRows(names)).toEqual([['中国科协', '中央宣传部', '中央网信办'], ['教育部', '科技部', '国家原子能机构'], ['自然资源部']]);
    const henan = ['HA_CAST', 'HA_CAC'].map(agency).map(signatureName);
    expect(henan).toEqual(['河南省科学技术协会', '中共河南省委网络安全和信息化委员会办公室']);
    expect(signatureRows(henan)).toEqual([[henan[0]], [henan[1]]]);
  });

  it('the date of writing in Arabic numerals; a draft’s left blank; 印发机关 and 印发日期', () => {
    expect(writingDate('2023-08-04T10:00:00+08:00')).toBe('2023年8月4日');
    expect(writingDate('2023-08-24T17:00:00Z')).toBe('2023年8月25日'); // Asia/Shanghai
    expect(writingDate(null)).toMatch(/^\u3000+年\u3000+月\u3000+日$/);
    expect(printingOffice(agency('HA_CAST'))).toBe('河南省科学技术协会办公室');
    expect(printingOffice(agency('CAST'))).toBe('中国科学技术协会办公厅');
    expect(printedOn('2023-08-25T09:00:00+08:00')).toBe('2023年8月25日印发');
  });

  it('the number, or where it will go; attachments; page numbers on the outer side', () => {
    expect(docNumberLine('豫科协发〔2023〕50号', '豫科协发', 2023)).toBe('豫科协发〔2023〕50号');
    expect(docNumberLine(null, '科协发', 2023)).toBe('科协发〔2023〕\u3000\u3000号');
    expect(attachmentLines(['活动安排表'])).toEqual(['附件：活动安排表']);
    expect(attachmentLines(['甲', '乙'])).toEqual(['附件：1.甲', '\u3000\u3000\u30002.乙']);
    expect(pageNumberText(3)).toBe('— 3 —');
    expect([1, 2, 3].map(pageNumberSide)).toEqual(['right', 'left', 'right']);
  });

  it('the mark: the lead alone, or every issuer its header names', () => {
    expect(issuingMarkNames(agency('CAST'), null)).toEqual(['中国科学技术协会']);
    expect(issuingMarkNames(agency('HA_CAST'), ['HA_CAST', 'HA_FIC'].map(agency))).toEqual(['河南省科学技术协会', '河南省工商业联合会']);
  });
});
