/**
 * Reading a notice's published text into a draft campaign definition (POST /api/v1/definitions/parse,
 * `npm run cli -- parse`): the shape of campaigns/*.yaml, so that the draft launches as those do
 * once a person has checked it. Pure: the directory is an argument (the API passes the database's,
 * the CLI the shipped one), nothing is read or written.
 *
 * What is read, and how (the rules campaigns/*.yaml were written by):
 * - title: the first line ending 通知 (意见, 通报, 方案 …) with the lines printed right above it
 *   (中国科协等21部门 / 关于举办…的通知), spaces removed; year: the title's (else the date of writing's);
 *   theme: `主题为：…。`;
 * - issuers: the signature block (发文机关署名) → leadAgency (the first) and coSigners, by the
 *   directory's names and short names; the header (版头) → headerIssuers when it names more than
 *   the lead; the document number (发文字号) → docNumberPrefix (a notice that prints none gets its
 *   lead's registered prefix, or a guess, and a warning);
 * - dates (notice-parse-dates.ts), in Asia/Shanghai: the range of the sentence about 集中开展 →
 *   concentratedWeek (00:00:00 to 23:59:59); `…日起` where activities are published →
 *   publicationOpensAt (00:00:00); `…日前` of the summary sentence → summaryDueAt (00:00:00: "before
 *   10-10" is due as 10-10 begins); `贯穿全年` → closesAt 12-31 23:59:59, or `持续至…` that day's end;
 *   coSignDueAt: 18:00 of the working day before the date of writing (成文日期);
 * - 主送 (at the end, or above the body as GB/T 9704 prints it) and 抄送: one group phrase per
 *   department, checked with the launch's resolver (notice-parse-recipients.ts); the summary
 *   sentence's units → reportingUnits, as 主送 entries;
 * - contacts (notice-parse-contacts.ts); the categories of 活动安排 (its （一） items, or their 1. 2.
 *   items where they have some); attachments (附件) beside the definition;
 * - body: the text from after the title (and a 主送 line above it) to the signature block,
 *   cleaned of extraction artifacts (notice-parse-lines.ts).
 * What cannot be read or resolved comes back as a warning naming its line.
 */
import { isWorkingDay } from './calendar';
import type { BodySeed } from './directory.data';
import type { DateMention, WallTime } from './notice-parse-dates';
import { asciiDigits, dateLine, dayBefore, findDates, shanghaiIso, ymd } from './notice-parse-dates';
import type { Issuer } from './notice-parse-issuers';
import { codesByName, findSignatureBlock, guessPrefix, readDocNumber, readHeader } from './notice-parse-issuers';
import type { ParsedContact } from './notice-parse-contacts';
import { readContacts } from './notice-parse-contacts';
import type { Line } from './notice-parse-lines';
import { cleanBody, compact, HEADING_1, HEADING_2, HEADING_3, splitLines } from './notice-parse-lines';
import type { RecipientEntry } from './notice-parse-recipients';
import { expandGroupPhrase, readRecipientList, reportingEntries, splitOutsideBrackets } from './notice-parse-recipients';

/** A definition as campaigns/*.yaml write one; what could not be read is left out (and warned about). */
export interface DraftDefinition {
  title?: string;
  year?: number;
  theme?: string;
  leadAgency?: string;
  coSigners?: string[];
  coSignMode: 'parallel';
  coSignDueAt?: string;
  docNumberPrefix?: string;
  headerIssuers?: string[];
  recipients: { main: string[]; cc: string[] };
  reportingUnits?: string[];
  milestones: {
    publicationOpensAt?: string;
    concentratedWeek?: { startsAt: string; endsAt: string };
    summaryDueAt?: string;
    closesAt?: string;
  };
  contacts?: ParsedContact[];
  categories?: string[];
  body?: string;
}

export interface ParseWarning {
  /** 1-based line of the text given; null for what the notice does not print at all. */
  line: number | null;
  message: string;
}

/** What the text says that a definition has no field for. */
export interface NoticeFacts {
  /** 发文字号 as printed, e.g. 豫科协发〔2023〕50号. */
  docNumber: string | null;
  /** 成文日期 (YYYY-MM-DD), the date under the signature block. */
  writtenOn: string | null;
  /** 印发机关 and 印发日期 of the 版记. */
  printedBy: string | null;
  printedOn: string | null;
  /** 附件, as listed after the body. */
  attachments: { title: string; line: number }[];
}

export interface NoticeParseResult {
  definition: DraftDefinition;
  warnings: ParseWarning[];
  facts: NoticeFacts;
}

export interface NoticeParseOptions {
  /** The document-number prefixes an agency has (the API's doc_number_prefixes), for a notice that prints no number. */
  prefixesOf?: (agency: string) => readonly string[];
}

/** The longest text taken: notices are far shorter (the national one is about 12,000 characters). */
export const MAX_NOTICE_CHARS = 400_000;

const TITLE_END = /(通知|通报|意见|决定|方案|办法|公告|通告|规定|细则|函)$/;

export function parseNotice(text: string, directory: readonly BodySeed[], opts: NoticeParseOptions = {}): NoticeParseResult {
  const lines = splitLines(text);
  const warnings: ParseWarning[] = [];
  const warn = (line: number | null, message: string) => warnings.push({ line, message });
  const facts: NoticeFacts = { docNumber: null, writtenOn: null, printedBy: null, printedOn: null, attachments: [] };
  const definition: DraftDefinition = { coSignMode: 'parallel', recipients: { main: [], cc: [] }, milestones: {} };

  // ── Document number, title ─────────────────────────────────────────────────────────────────
  const docLine = lines.slice(0, 80).findIndex((l) => readDocNumber(l.text) !== null);
  const docNumber = docLine >= 0 ? readDocNumber(lines[docLine].text) : null;
  const titleEnd = lines.slice(0, 120).findIndex((l, i) => i !== docLine && isTitleLine(l.text));
  let titleStart = titleEnd;
  if (titleEnd >= 0) {
    while (titleStart > 0 && titleStart - 1 !== docLine && isTitleContinuation(lines[titleStart - 1].text)) titleStart--;
    definition.title = lines.slice(titleStart, titleEnd + 1).map((l) => titleText(l.text, directory)).join('');
  } else warn(null, 'no title found: no line near the top ends with 通知 (or 意见, 通报, 方案, 决定 …)');
  const afterTitle = titleEnd + 1;

  // ── Signature block, and what follows it: the date of writing, 主送, 抄送, the 印发 line ──────
  const signature = findSignatureBlock(lines, afterTitle, directory);
  const signers: Issuer[] = signature?.issuers ?? [];
  if (signature) for (const p of signature.problems) warn(p.line, p.message);
  else warn(null, 'no signature block (发文机关署名) found: leadAgency and coSigners are not set');
  const lead = signers.length ? directory.find((b) => b.code === signers[0].code) : undefined;
  const leadRegion = lead?.region || 'CN';
  const ctx = { leadRegion };
  if (lead) {
    definition.leadAgency = lead.code;
    definition.coSigners = signers.slice(1).map((s) => s.code);
    if (!definition.coSigners.length) warn(signers[0].line, 'the signature block names only the lead: a joint notice needs at least one co-signer');
  }

  const mainAt = lines.findIndex((l, i) => i >= afterTitle && /^主送[：:]/.test(compact(l.text)));
  const ccAt = lines.findIndex((l, i) => i >= afterTitle && /^抄送[：:]/.test(compact(l.text)));
  const printedAt = lines.findIndex((l, i) => i >= afterTitle && /印发$/.test(compact(l.text)) && /\d{4}年\d{1,2}月\d{1,2}日印发$/.test(asciiDigits(compact(l.text))));
  const searchDateFrom = signature ? signature.last + 1 : afterTitle;
  const writtenAt = lines.findIndex((l, i) => i >= searchDateFrom && dateLine(l.text) !== null);
  const writtenOn = writtenAt >= 0 ? dateLine(lines[writtenAt].text) : null;
  if (writtenOn) facts.writtenOn = ymd(writtenOn);
  if (printedAt >= 0) {
    const line = compact(lines[printedAt].text);
    const m = /^(.*?)(\d{4}年\d{1,2}月\d{1,2}日)印发$/.exec(asciiDigits(line))!;
    const day = dateLine(m[2]);
    if (day) facts.printedOn = ymd(day);
    else warn(lines[printedAt].no, `印发 on ${m[2]}, a day that does not exist`);
    const before = lines.slice(0, printedAt).reverse().find((l) => compact(l.text) !== '');
    facts.printedBy = m[1] || (before && !/^(主送|抄送)[：:]/.test(compact(before.text)) && !/[。，]$/.test(compact(before.text)) ? compact(before.text) : null);
  }

  // 主送 above the body (GB/T 9704): the lines after the title up to one ending with ：.
  let topMain: { text: string; lines: Line[] } | null = null;
  const firstBody = lines.findIndex((l, i) => i >= afterTitle && compact(l.text) !== '');
  if (mainAt < 0 && firstBody >= 0) {
    for (let i = firstBody; i < Math.min(lines.length, firstBody + 6); i++) {
      const c = compact(lines[i].text);
      if (c === '' || /。/.test(c) || HEADING_1.test(c)) break;
      if (/[：:]$/.test(c)) {
        topMain = { text: '', lines: lines.slice(firstBody, i + 1) };
        break;
      }
    }
  }

  // ── Body ──────────────────────────────────────────────────────────────────────────────────
  const bodyFrom = topMain ? lines.indexOf(topMain.lines[topMain.lines.length - 1]) + 1 : afterTitle;
  const ends = [signature?.first, writtenAt, mainAt, ccAt, printedAt].filter((i): i is number => i !== undefined && i >= bodyFrom);
  const bodyTo = ends.length ? Math.min(...ends) : lines.length;
  const bodyLines = lines.slice(bodyFrom, bodyTo);
  const body = cleanBody(bodyLines.map((l) => l.text));
  if (body.length) definition.body = `${body.join('\n')}\n`;
  else warn(null, 'no body text found between the title and the signature block');

  // ── Year, dates ───────────────────────────────────────────────────────────────────────────
  const titleYear = definition.title ? /(\d{4})年/.exec(asciiDigits(definition.title)) : null;
  const year = titleYear ? Number(titleYear[1]) : (writtenOn?.y ?? docNumber?.year);
  if (year !== undefined) definition.year = year;
  else warn(null, 'no year: neither the title nor a date of writing prints one');

  const firstExplicit = bodyLines.flatMap((l) => findDates(l.text, { y: year ?? 2000, m: 1, d: 1 })).find((d) => d.explicitYear);
  const anchor: WallTime = writtenOn ?? firstExplicit?.start ?? { y: year ?? 2000, m: 1, d: 1 };
  const mentions = bodyLines.flatMap((l) => sentencesOf(l).flatMap((s) => findDates(s.text, anchor).map((d) => ({ ...d, sentence: s.text, line: l.no }))));
  readMilestones(mentions, bodyLines, year, definition, warn);

  if (writtenOn) {
    definition.coSignDueAt = shanghaiIso(workingDayBefore(writtenOn), 18, 0, 0);
  } else {
    const earliest = [definition.milestones.publicationOpensAt, definition.milestones.concentratedWeek?.startsAt].filter((x): x is string => !!x).sort()[0];
    if (earliest) {
      const day = { y: Number(earliest.slice(0, 4)), m: Number(earliest.slice(5, 7)), d: Number(earliest.slice(8, 10)) };
      definition.coSignDueAt = shanghaiIso(workingDayBefore(day), 18, 0, 0);
      warn(null, `no date of writing (成文日期) under the signature block: coSignDueAt is set to 18:00 of the working day before the first milestone (${definition.coSignDueAt}); set it to when co-signing must end`);
    } else warn(null, 'no date of writing (成文日期) and no milestone: coSignDueAt is not set');
  }

  // ── Number, theme ─────────────────────────────────────────────────────────────────────────
  if (docNumber) {
    definition.docNumberPrefix = docNumber.prefix;
    facts.docNumber = `${docNumber.prefix}〔${docNumber.year}〕${docNumber.sequence}号`;
  } else if (lead) {
    const registered = opts.prefixesOf?.(lead.code) ?? [];
    const guess = guessPrefix(lead);
    definition.docNumberPrefix = registered.length === 0 ? guess : registered.includes(guess) ? guess : registered[0];
    warn(null, registered.length === 0
      ? `no document number (发文字号) printed: docNumberPrefix ${guess} is a guess from ${lead.shortName}'s name; check it`
      : `no document number (发文字号) printed: docNumberPrefix is ${definition.docNumberPrefix}, ${registered.length === 1 ? 'the prefix' : `one of the prefixes (${registered.join('、')})`} ${lead.code} numbers under`);
  }
  const theme = bodyLines.map((l) => /主题(?:为|是)[：:]\s*[“"]?([^。”"\n]+)/.exec(l.text)).find((m) => m);
  if (theme) definition.theme = compactCjk(theme[1]);
  else warn(null, 'no theme (主题为：…) found');

  // ── Header ────────────────────────────────────────────────────────────────────────────────
  const headerLines = lines.slice(0, Math.max(0, titleStart)).filter((_, i) => i !== docLine);
  const header = readHeader(headerLines, signers, directory, leadRegion);
  for (const p of header.problems) warn(p.line, p.message);
  if (header.issuers) definition.headerIssuers = header.issuers;

  // ── 主送, 抄送, reporting units ────────────────────────────────────────────────────────────
  const mainList = topMain
    ? listOf(topMain.lines, 0, /[：:]$/)
    : mainAt >= 0
      ? listOf(lines, mainAt, /。$/, [ccAt, printedAt, writtenAt])
      : null;
  let main: RecipientEntry[] = [];
  if (mainList) {
    const read = readRecipientList(mainList.text, mainList.lineAt, directory, ctx, '主送');
    main = read.entries;
    definition.recipients.main = main.map((e) => e.text);
    for (const p of read.problems) warn(p.line, p.message);
  } else warn(null, 'no 主送 line (主送：… at the end, or the recipients above the body ending with ：) found');
  if (ccAt >= 0) {
    const ccList = listOf(lines, ccAt, /。$/, [printedAt, mainAt > ccAt ? mainAt : -1, writtenAt > ccAt ? writtenAt : -1]);
    const read = readRecipientList(ccList.text, ccList.lineAt, directory, ctx, '抄送');
    definition.recipients.cc = read.entries.map((e) => e.text);
    for (const p of read.problems) warn(p.line, p.message);
  }
  readReportingUnits(mentions, main, directory, ctx, definition, warn);

  // ── Contacts, categories, attachments ─────────────────────────────────────────────────────
  const contacts = readContacts(bodyLines, lead?.shortName ?? null);
  for (const p of contacts.problems) warn(p.line, p.message);
  if (contacts.contacts.length) definition.contacts = contacts.contacts;
  const categories = readCategories(body);
  if (categories.length) definition.categories = categories;
  facts.attachments = readAttachments(bodyLines);

  // A text that is no notice could raise a warning per line: the first ones say what is wrong.
  if (warnings.length > MAX_WARNINGS) {
    const more = warnings.length - MAX_WARNINGS;
    warnings.splice(MAX_WARNINGS, more, { line: null, message: `and ${more} more warnings like these` });
  }
  return { definition: ordered(definition), warnings, facts };
}

const MAX_WARNINGS = 200;

// ── Pieces ────────────────────────────────────────────────────────────────────────────────────

function isTitleLine(text: string): boolean {
  const c = compact(text);
  return c.length >= 6 && c.length <= 100 && TITLE_END.test(c) && !/[。：:]/.test(c) && !HEADING_1.test(c) && !HEADING_2.test(c) && !/^(主送|抄送)/.test(c);
}

/** A line printed right above the title's last line that belongs to it (中国科协等21部门, a wrapped title). */
function isTitleContinuation(text: string): boolean {
  const c = compact(text);
  return c !== '' && c.length <= 60 && !/[。：:，]/.test(c) && !/文件$/.test(c) && readDocNumber(text) === null && !/^签发人/.test(c);
}

/**
 * A title line as a title is written: the issuers' names printed above 关于… stay apart by a space
 * (广东省科学技术厅 广东省科学技术协会), any other space is extraction's (关于举办 2023 年 → 关于举办2023年).
 */
function titleText(text: string, directory: readonly BodySeed[]): string {
  const tokens = text.trim().split(/\s+/).filter(Boolean);
  const names = tokens.length > 1 && tokens.every((t) => codesByName(t, directory).length === 1);
  return names ? tokens.join(' ') : compact(text);
}

/** Chinese text without the spaces extraction puts around numbers (关于举办 2023 年 → 关于举办2023年). */
function compactCjk(s: string): string {
  return s.trim().replace(/\s+(?=[\d\u3400-\u9FFF])|(?<=[\d\u3400-\u9FFF])\s+/g, '');
}

function sentencesOf(l: Line): { text: string }[] {
  return l.text.split(/(?<=[。！？；])/).map((text) => ({ text }));
}

function workingDayBefore(t: WallTime): WallTime {
  let d = dayBefore(t);
  for (let i = 0; i < 30 && !isWorkingDay(ymd(d)); i++) d = dayBefore(d);
  return d;
}

/** A 主送/抄送 list from its label's line to the line ending it, as one string, with the line of each character. */
function listOf(lines: readonly Line[], from: number, endsWith: RegExp, stops: number[] = []): { text: string; lineAt: (offset: number) => number } {
  let text = '';
  const starts: { offset: number; line: number }[] = [];
  for (let i = from; i < lines.length; i++) {
    if (i > from && stops.includes(i)) break;
    const c = compact(lines[i].text);
    if (c === '') {
      if (i > from) break;
      continue;
    }
    if (i > from && /^(主送|抄送)[：:]/.test(c)) break;
    starts.push({ offset: text.length, line: lines[i].no });
    text += c;
    if (endsWith.test(c)) break;
  }
  const label = /^(主送|抄送)[：:]/.exec(text);
  const cut = label ? label[0].length : 0;
  const body = text.slice(cut).replace(/[。：:，,；;]+$/, '');
  return {
    text: body,
    lineAt: (offset) => [...starts].reverse().find((s) => s.offset <= offset + cut)?.line ?? starts[0]?.line ?? 0,
  };
}

type Mention = DateMention & { sentence: string; line: number };
type Warn = (line: number | null, message: string) => void;

const WEEK_WORDS = /集中|活动周|宣传周|举办|开展|举行/;
const PUBLISH_WORDS = /发布|报名|申报|上线|上传|平台|登记|注册|征集/;
const SUMMARY_WORDS = /总结|报送|提交|上报|报告/;

function readMilestones(mentions: Mention[], bodyLines: readonly Line[], year: number | undefined, def: DraftDefinition, warn: Warn): void {
  const ranges = mentions.filter((m) => m.kind === 'range');
  const week = ranges.find((m) => /集中/.test(m.sentence)) ?? ranges.find((m) => WEEK_WORDS.test(m.sentence));
  if (week && week.end) {
    if (ymd(week.end) < ymd(week.start)) warn(week.line, `${week.text}: the range ends before it starts`);
    def.milestones.concentratedWeek = { startsAt: shanghaiIso(week.start, 0, 0, 0), endsAt: shanghaiIso(week.end, 23, 59, 59) };
  } else warn(null, 'no concentrated week found (a range of dates in the sentence about 集中开展)');

  const publish = mentions.find((m) => m.kind === 'point' && m.mark === 'from' && PUBLISH_WORDS.test(m.sentence));
  if (publish) def.milestones.publicationOpensAt = at(publish.start, 0, 0, 0);
  else warn(null, 'no date from which activities are published (…日起 in a sentence about publishing or registering them)');

  const summary = mentions.find((m) => m.kind === 'point' && (m.mark === 'before' || m.mark === 'until') && SUMMARY_WORDS.test(m.sentence));
  if (summary) def.milestones.summaryDueAt = at(summary.start, 0, 0, 0);
  else warn(null, 'no summary deadline found (…日前 in a sentence about 总结 or 报送)');

  const close = mentions.find((m) => m.kind === 'point' && (/(持续|延续|截止|截至)(至|到)?$/.test(m.sentence.slice(0, m.index).replace(/\s+/g, '')) || (m.mark === 'until' && /结束/.test(m.text))));
  const allYear = bodyLines.find((l) => /贯穿全年/.test(compact(l.text)));
  if (close) def.milestones.closesAt = shanghaiIso(close.start, 23, 59, 59);
  else if (allYear && year !== undefined) def.milestones.closesAt = `${year}-12-31T23:59:59+08:00`;
  else warn(null, 'no close found (贯穿全年, or 持续至… a date): milestones.closesAt is not set');

  const m = def.milestones;
  if (m.closesAt && m.summaryDueAt && m.closesAt <= m.summaryDueAt) {
    warn(allYear?.no ?? null, `the campaign closes (${m.closesAt}) before its summaries are due (${m.summaryDueAt}): set milestones.closesAt`);
  }
}

/** A time printed with the date wins over the milestone's time of day. */
function at(t: WallTime, hh: number, mm: number, ss: number): string {
  return t.hh !== undefined ? shanghaiIso(t, t.hh, t.mm ?? 0, 0) : shanghaiIso(t, hh, mm, ss);
}

/**
 * 总结报送 units: who the summary sentence asks (请各省辖市、济源示范区科协和各全省学会于9月28日前提交… /
 * 10月10日前，各省级科协、全国学会要牵头总结…), as entries of the 主送 list.
 */
function readReportingUnits(mentions: Mention[], main: RecipientEntry[], directory: readonly BodySeed[], ctx: { leadRegion: string }, def: DraftDefinition, warn: Warn): void {
  const due = def.milestones.summaryDueAt;
  const summary = mentions.find((m) => m.kind === 'point' && (m.mark === 'before' || m.mark === 'until') && SUMMARY_WORDS.test(m.sentence));
  if (!due || !summary || !main.length) return;
  const s = summary.sentence.replace(/\s+/g, '');
  const date = summary.text.replace(/\s+/g, '');
  const pos = s.indexOf(date);
  const before = s.slice(0, pos);
  const after = s.slice(pos + date.length);
  let subject: string | null;
  const asked = /请(.+?)(?:要|应|须|需)?(?:于|在)?$/.exec(before);
  if (asked) subject = asked[1];
  else if (/^[，,]/.test(after) || before === '' || /^(并|将)?$/.test(before)) subject = /^[，,]?(.+?)(?:要|应|须|需|务必|负责|牵头|将|于|在|请)/.exec(after)?.[1] ?? null;
  else subject = /^(.+?)(?:要|应|须|需)?(?:于|在)$/.exec(before)?.[1] ?? null;
  if (!subject) {
    warn(summary.line, 'the summary sentence names no reporting units that could be read: reportingUnits is left to its default (the 科协 and societies among the 主送)');
    return;
  }
  const phrases: string[] = [];
  for (const part of subject.split(/以及|和|及/).filter(Boolean)) {
    // 各省辖市、济源示范区科协 whole; 各副省级城市科技局、科协 distributed; 各省级科协、全国学会 one by one.
    const expanded = expandGroupPhrase(part, directory, ctx);
    if (expanded.every((e) => e.read)) phrases.push(...expanded.map((e) => e.text));
    else if (!reportingEntries([part], main, directory, ctx).unread.length) phrases.push(part);
    else phrases.push(...splitOutsideBrackets(part, '、'));
  }
  const { entries, unread } = reportingEntries(phrases, main, directory, ctx);
  for (const u of unread) warn(summary.line, `reporting unit "${u}" is not among the 主送 recipients: left out of reportingUnits`);
  if (entries.length) def.reportingUnits = entries;
}

/** 活动安排's （一） items, or their 1. 2. items where they have some: the activity categories. */
function readCategories(body: readonly string[]): string[] {
  const start = body.findIndex((l) => HEADING_1.test(l) && /安排/.test(l));
  if (start < 0) return [];
  const out: string[] = [];
  let parent: { name: string; children: string[] } | null = null;
  const flush = () => {
    if (parent) out.push(...(parent.children.length ? parent.children : [parent.name]));
    parent = null;
  };
  for (const line of body.slice(start + 1)) {
    if (HEADING_1.test(line)) break;
    if (HEADING_2.test(line)) {
      flush();
      parent = { name: itemName(line.replace(HEADING_2, '')), children: [] };
    } else if (HEADING_3.test(line) && parent) {
      parent.children.push(itemName(line.replace(HEADING_3, '')));
    }
  }
  flush();
  return out.filter((n) => n !== '' && [...n].length <= 50);
}

function itemName(text: string): string {
  return text.split('。')[0].replace(/[“”‘’"「」『』]/g, '').trim();
}

/** 附件：1.… / 2.… (or 附件1：…) in the body's last lines. */
function readAttachments(bodyLines: readonly Line[]): { title: string; line: number }[] {
  const out: { title: string; line: number }[] = [];
  const at = bodyLines.findIndex((l) => /^附件\d*[：:]/.test(compact(l.text)));
  if (at < 0) return out;
  for (let i = at; i < bodyLines.length; i++) {
    const c = compact(bodyLines[i].text);
    if (c === '') break;
    const rest = i === at ? c.replace(/^附件\d*[：:]/, '') : c;
    const title = rest.replace(/^\d{1,2}[.．、]/, '');
    if (i > at && !/^\d{1,2}[.．、]|^附件\d*[：:]/.test(c)) break;
    if (title) out.push({ title, line: bodyLines[i].no });
  }
  return out;
}

/** The keys in the order campaigns/*.yaml write them. */
function ordered(d: DraftDefinition): DraftDefinition {
  const out: Record<string, unknown> = {};
  const keys: (keyof DraftDefinition)[] = [
    'title', 'year', 'theme', 'leadAgency', 'coSigners', 'coSignMode', 'coSignDueAt', 'docNumberPrefix', 'headerIssuers',
    'recipients', 'reportingUnits', 'milestones', 'contacts', 'categories', 'body',
  ];
  for (const k of keys) if (d[k] !== undefined) out[k] = d[k];
  const m = d.milestones;
  out.milestones = Object.fromEntries(
    (['publicationOpensAt', 'concentratedWeek', 'summaryDueAt', 'closesAt'] as const).filter((k) => m[k] !== undefined).map((k) => [k, m[k]]),
  );
  return out as unknown as DraftDefinition;
}
