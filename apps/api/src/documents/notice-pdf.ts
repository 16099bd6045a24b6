/**
 * The notice as a PDF laid out as GB/T 9704-2012 says (libs/domain/src/notice-layout.ts holds the
 * rules; this draws them with pdfkit): A4, the 156 × 225 mm type area at 37 mm from the top and 28
 * mm from the left, the body on a grid of 22 lines of 28 characters in 3号, the red header, the
 * title, the body with its levels, the signature block, the 版记 at the foot of the last page, the
 * page numbers on the outer side; a draft watermarked, the issued notice with its hash, link and
 * QR code. The fonts are embedded as subsets.
 */
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import type { LaidLine, RunStyle } from '@domain/notice-layout';
import { BODY_CHAR_PT, BODY_LINE_PT, breakLines, breakText, GBT9704, lineText, pageNumberSide, pageNumberText, PT_PER_MM, signatureRows, titleLines } from '@domain/notice-layout';
import type { NoticeDocument } from '@domain/notice-document';
import type { FontSet, LoadedFont } from './fonts';

const RED = '#d40000';
const mm = (v: number) => v * PT_PER_MM;
const PAGE_W = mm(GBT9704.pageWidthMm);
const PAGE_H = mm(GBT9704.pageHeightMm);
const LEFT = mm(GBT9704.marginLeftMm);
const TOP = mm(GBT9704.marginTopMm);
const WIDTH = mm(GBT9704.typeWidthMm);
const BOTTOM = TOP + mm(GBT9704.typeHeightMm);
const RIGHT = LEFT + WIDTH;
const BODY = GBT9704.bodyPt;
const SMALL = GBT9704.smallPt;
const LINE = BODY_LINE_PT;
/** 版记's lines: 4号 type, closer than the body's. */
const FOOT_LINE = SMALL * 1.55;
/** The ideographic em box sits from −0.12 em to 0.88 em around the baseline. */
const EM_ABOVE = 0.88;
const EM_BELOW = 0.12;

type Face = 'body' | 'title' | 'heading1' | 'heading2';
const FACE_OF: Record<RunStyle, Face> = { body: 'body', heading1: 'heading1', heading2: 'heading2' };

/** One line of the body's flow: characters with their face, how it is set. */
interface FlowLine {
  chars: { ch: string; face: Face }[];
  indent: number;
  align: 'justify' | 'left' | 'right' | 'center' | 'columns';
  /** For 'right': cells left blank on the right. */
  rightCells?: number;
  /** For 'columns': the names of one row of the signature block. */
  columns?: { text: string; count: number };
  /** A line that starts a block kept on one page (the signature block and its date). */
  keep?: number;
}

interface Pos {
  page: number;
  y: number; // top of the line's slot
}

/** Renders the document: a PDF whose metadata names the campaign, the version and the text's hash. */
export async function renderNoticePdf(d: NoticeDocument, fonts: FontSet): Promise<Buffer> {
  const info: Record<string, unknown> = {
    Title: d.info.title,
    Author: d.info.author,
    Subject: d.info.subject,
    Keywords: d.info.keywords,
    Creator: 'joint-notices (GB/T 9704-2012)',
    Producer: 'joint-notices',
    NoticeSha256: d.sha256,
    NoticeCampaignId: d.campaignId,
    NoticeVersion: String(d.version),
  };
  // A fixed date: the same notice renders to the same bytes, so a printed file's hash stays known.
  const when = d.info.createdAt ? new Date(d.info.createdAt) : new Date(0);
  info.CreationDate = when;
  info.ModDate = when;
  const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, compress: true, info: info as PDFKit.DocumentInfo, lang: 'zh-CN', displayTitle: true });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const face of ['body', 'title', 'heading1', 'heading2'] as const) doc.registerFont(face, fonts[face].source);
  const qr = d.verifyUrl ? QRCode.create(d.verifyUrl, { errorCorrectionLevel: 'M' }).modules : null;
  new Composer(doc, d, fonts).compose(qr);
  doc.end();
  return done;
}

/** Whether the 主送 line stands under the title (the Word file follows the PDF's decision). */
export function mainRecipientsInline(d: NoticeDocument, fonts: FontSet): boolean {
  return new Composer(null as unknown as PDFKit.PDFDocument, d, fonts).plan().inlineMain;
}

class Composer {
  private page = 0;

  constructor(
    private readonly doc: PDFKit.PDFDocument,
    private readonly d: NoticeDocument,
    private readonly fonts: FontSet,
  ) {}

  /** Where the flow starts under the header, and whether 主送 stands under the title (7.3.2) or in the 版记 (7.4.2). */
  plan(): { headerBottom: number; inlineMain: boolean; mainLines: LaidLine<string>[] } {
    const headerBottom = this.header();
    const measure = this.fonts.body.measure;
    const mainLines = this.d.mainRecipients ? breakText(this.d.mainRecipients.replace(/。$/, '：'), { width: GBT9704.charsPerLine, measure }) : [];
    // Under the title while it leaves the first page room for the body (公文首页必须显示正文).
    const slotsLeft = Math.floor((BOTTOM - headerBottom) / LINE + 1e-6);
    const inlineMain = mainLines.length > 0 && slotsLeft - (mainLines.length + 1) >= 3;
    return { headerBottom, inlineMain, mainLines };
  }

  compose(qr: { size: number; get(r: number, c: number): number } | null): void {
    this.newPage();
    const { headerBottom, inlineMain, mainLines } = this.plan();
    // One blank line under the title, then 主送 (when it stands here) and the body.
    const flow: FlowLine[] = [{ chars: [], indent: 0, align: 'left' }];
    if (inlineMain) {
      for (const l of mainLines) flow.push({ chars: [...lineText(l)].map((ch) => ({ ch, face: 'body' as const })), indent: 0, align: 'left' });
    }
    flow.push(...this.bodyLines());
    // The signature block, its date, and what is kept with it.
    const sig = this.signatureLines();
    flow.push(...sig);
    const foot = this.footLines(inlineMain ? null : this.d.mainRecipients);
    const footHeight = (foot.main.length + foot.cc.length + 1) * FOOT_LINE + mm(GBT9704.thickRuleMm) * 2;
    // Place the flow on the grid: page 1 from under the header, the next pages from the top.
    const placed: { line: FlowLine; at: Pos }[] = [];
    let at: Pos = { page: 1, y: headerBottom };
    const capacity = (p: Pos) => Math.floor((BOTTOM - p.y) / LINE + 1e-6);
    for (let i = 0; i < flow.length; i++) {
      const line = flow[i];
      if (line.keep && line.keep <= GBT9704.linesPerPage && capacity(at) < line.keep) at = { page: at.page + 1, y: TOP };
      if (capacity(at) < 1) at = { page: at.page + 1, y: TOP };
      placed.push({ line, at });
      at = { page: at.page, y: at.y + LINE };
    }
    // The 版记 at the foot of the last page, or of a page of its own when it does not fit there.
    const pages = BOTTOM - at.y >= footHeight ? at.page : at.page + 1;
    for (let p = 1; p <= pages; p++) {
      if (p > 1) this.newPage();
      if (p === 1) this.drawHeader();
      for (const { line, at: pos } of placed) if (pos.page === p) this.drawFlowLine(line, pos.y);
      if (p === pages) this.drawFoot(foot);
      this.drawPageNumber(p);
      if (this.d.draftLine) this.drawDraftMarks();
      else if (p === pages && qr) this.drawVerification(qr, p);
    }
  }

  // ── page 1: the header ─────────────────────────────────────────────────────────────────

  private headerPlan: (() => void) | null = null;

  /** Plans the header (mark, number, separator, title) and answers where the flow starts. */
  private header(): number {
    const d = this.d;
    const titleFont = this.fonts.title;
    const titleCells = Math.floor(WIDTH / GBT9704.titlePt);
    const title = titleLines(d.title, titleCells, titleFont.measure);
    // Everything under the mark: two blank lines, the number, 4 mm, the rule, two blank lines, the title.
    const underMark = 2 * LINE + LINE + mm(GBT9704.separatorGapMm) + 2 * LINE + title.length * LINE;
    const markTop = TOP + mm(GBT9704.markTopMm);
    const roomForMark = BOTTOM - markTop - underMark - 3 * LINE;
    const mark = this.planMark(d.markNames, roomForMark);
    const numberTop = markTop + mark.height + 2 * LINE;
    const numberBaseline = numberTop + LINE / 2 + (EM_ABOVE - 0.5) * BODY;
    const ruleY = numberBaseline + EM_BELOW * BODY + mm(GBT9704.separatorGapMm);
    const titleTop = ruleY + 2 * LINE;
    this.headerPlan = () => {
      mark.draw(markTop);
      this.textAt(d.docNumber, 'body', BODY, { x: LEFT, width: WIDTH, align: 'center' }, numberBaseline);
      this.doc.save().lineWidth(1).strokeColor(RED).moveTo(LEFT, ruleY).lineTo(RIGHT, ruleY).stroke().restore();
      title.forEach((t, i) => this.textAt(t, 'title', GBT9704.titlePt, { x: LEFT, width: WIDTH, align: 'center' }, titleTop + i * LINE + LINE / 2 + (EM_ABOVE - 0.5) * GBT9704.titlePt));
    };
    return titleTop + title.length * LINE;
  }

  private drawHeader(): void {
    this.headerPlan?.();
  }

  /**
   * The red mark: one name and 文件 on a line; several names stacked (justified to the longest),
   * 文件 to their right and centred on them, as small as the first page needs — or, when even that
   * leaves no room, the lead's name alone.
   */
  private planMark(names: string[], room: number): { height: number; draw(top: number): void } {
    const f = this.fonts.title;
    const cells = (s: string) => [...s].reduce((w, c) => w + f.measure(c), 0);
    const single = (name: string) => {
      const text = `${name}${this.d.markSuffix}`;
      const size = Math.min(36, (WIDTH * 0.95) / cells(text));
      return {
        height: size,
        draw: (top: number) => this.textAt(text, 'title', size, { x: LEFT, width: WIDTH, align: 'center' }, top + EM_ABOVE * size, RED),
      };
    };
    if (names.length === 1) return single(names[0]);
    const pitch = 1.15;
    const size = Math.min(22, room / (names.length * pitch));
    if (size < 9) return single(names[0]);
    const longest = Math.max(...names.map(cells));
    const suffixSize = Math.min(size * 3, 48);
    const gap = size;
    const total = longest * size + gap + cells(this.d.markSuffix) * suffixSize;
    const scale = total > WIDTH ? WIDTH / total : 1;
    const s = size * scale;
    const blockW = longest * s;
    const x0 = LEFT + (WIDTH - (blockW + gap * scale + cells(this.d.markSuffix) * suffixSize * scale)) / 2;
    const height = names.length * s * pitch;
    return {
      height,
      draw: (top: number) => {
        names.forEach((n, i) => {
          const w = cells(n) * s;
          const chars = [...n].length;
          const spacing = chars > 1 ? (blockW - w) / (chars - 1) : 0;
          this.textAt(n, 'title', s, { x: x0, width: blockW, align: 'left', characterSpacing: spacing }, top + i * s * pitch + (pitch - 1) * s * 0.5 + EM_ABOVE * s, RED);
        });
        const ss = suffixSize * scale;
        this.textAt(this.d.markSuffix, 'title', ss, { x: x0 + blockW + gap * scale, width: WIDTH, align: 'left' }, top + height / 2 + (EM_ABOVE - 0.5) * ss, RED);
      },
    };
  }

  // ── the flow: body, attachments, signature ────────────────────────────────────────────

  private bodyLines(): FlowLine[] {
    const out: FlowLine[] = [];
    const measure = this.fonts.body.measure;
    for (const p of this.d.paragraphs) {
      const chars = p.runs.flatMap((r) => [...r.text.trimStart()].map((ch) => ({ ch, face: FACE_OF[r.style] })));
      const lines = breakLines(chars, { width: GBT9704.charsPerLine, indent: 2, measure, charOf: (c) => c.ch });
      for (const l of lines) out.push({ chars: l.chars, indent: l.indent, align: l.last ? 'left' : 'justify' });
    }
    if (this.d.attachments.length) {
      out.push({ chars: [], indent: 0, align: 'left' });
      this.d.attachments.forEach((a) => out.push(...this.plainLines(a, 2, 'left')));
    }
    return out;
  }

  private plainLines(text: string, indent: number, align: FlowLine['align']): FlowLine[] {
    return breakText(text, { width: GBT9704.charsPerLine, indent, measure: this.fonts.body.measure }).map((l: LaidLine<string>) => ({
      chars: l.chars.map((ch) => ({ ch, face: 'body' as const })),
      indent: l.indent,
      align: l.last ? align : 'justify',
    }));
  }

  /**
   * 发文机关署名 one blank line under the body, every issuer in rows; the date of writing under
   * them, four characters in from the right (two when the names stand one to a row). Kept on one page.
   */
  private signatureLines(): FlowLine[] {
    const rows = signatureRows(this.d.signatures, { measure: this.fonts.body.measure });
    const columns = Math.max(...rows.map((r) => r.length));
    const lines: FlowLine[] = [{ chars: [], indent: 0, align: 'left' }];
    for (const r of rows) {
      if (columns === 1) lines.push({ chars: [...r[0]].map((ch) => ({ ch, face: 'body' as const })), indent: 0, align: 'right', rightCells: 2 });
      else lines.push({ chars: [], indent: 0, align: 'columns', columns: { text: r.join('\u0000'), count: columns } });
    }
    lines.push({ chars: [...this.d.writingDate].map((ch) => ({ ch, face: 'body' as const })), indent: 0, align: 'right', rightCells: columns === 1 ? 2 : 4 });
    lines[0].keep = lines.length;
    return lines;
  }

  // ── the 版记 ────────────────────────────────────────────────────────────────────────────

  private footLines(main: string | null): { main: string[]; cc: string[] } {
    const width = Math.floor((WIDTH - 2 * SMALL) / SMALL);
    const measure = this.fonts.body.measure;
    const lines = (label: string, text: string | null) => {
      if (!text) return [];
      const broken = breakText(text, { width: width - 3, measure }).map(lineText);
      return broken.map((l, i) => (i === 0 ? `${label}：${l}` : l));
    };
    return { main: lines('主送', main), cc: lines('抄送', this.d.ccRecipients) };
  }

  /**
   * From the bottom of the type area up: the last (thick) rule, 印发机关 and 印发日期 on one line,
   * a thin rule, 抄送 (and 主送 above it, when it moved here), the first (thick) rule (7.4).
   */
  private drawFoot(foot: { main: string[]; cc: string[] }): void {
    const doc = this.doc;
    const thick = mm(GBT9704.thickRuleMm);
    const thin = mm(GBT9704.thinRuleMm);
    const rule = (y: number, w: number) => doc.save().lineWidth(w).strokeColor('black').moveTo(LEFT, y).lineTo(RIGHT, y).stroke().restore();
    let y = BOTTOM - thick / 2;
    rule(y, thick);
    const baseline = (slotBottom: number) => slotBottom - FOOT_LINE / 2 + (EM_ABOVE - 0.5) * SMALL;
    this.textAt(this.d.printingOffice, 'body', SMALL, { x: LEFT + SMALL, width: WIDTH - 2 * SMALL, align: 'left' }, baseline(y));
    this.textAt(this.d.printedOn, 'body', SMALL, { x: LEFT + SMALL, width: WIDTH - 2 * SMALL, align: 'right' }, baseline(y));
    y -= FOOT_LINE;
    const block = [...foot.main, ...foot.cc];
    if (block.length) {
      rule(y, thin);
      const labelled = new Set([foot.main[0], foot.cc[0]]);
      for (let i = block.length - 1; i >= 0; i--) {
        const text = block[i];
        // Continuation lines align under the first name, after 主送：/抄送：.
        const x = LEFT + SMALL + (labelled.has(text) && (text.startsWith('主送：') || text.startsWith('抄送：')) ? 0 : 3 * SMALL);
        this.textAt(text, 'body', SMALL, { x, width: RIGHT - SMALL - x, align: 'left' }, baseline(y));
        y -= FOOT_LINE;
      }
    }
    rule(y, thick);
  }

  // ── page furniture ─────────────────────────────────────────────────────────────────────

  private drawPageNumber(n: number): void {
    const text = pageNumberText(n);
    const baseline = BOTTOM + mm(GBT9704.pageNumberGapMm) + EM_ABOVE * SMALL;
    const side = pageNumberSide(n);
    this.textAt(text, 'body', SMALL, { x: LEFT + SMALL, width: WIDTH - 2 * SMALL, align: side }, baseline);
  }

  /** 草稿 across the page, and the version and hash of its text along the top. */
  private drawDraftMarks(): void {
    const doc = this.doc;
    doc.save();
    doc.rotate(-35, { origin: [PAGE_W / 2, PAGE_H / 2] });
    doc.fillOpacity(0.12);
    this.textAt('草稿', 'title', 150, { x: 0, width: PAGE_W, align: 'center' }, PAGE_H / 2 + 0.38 * 150, RED);
    doc.restore();
    this.textAt(this.d.draftLine ?? '', 'body', 7.5, { x: LEFT, width: WIDTH, align: 'center' }, mm(18), RED);
  }

  /** At the foot of the issued notice's last page: the approved text's hash, the link, its QR code. */
  private drawVerification(qr: { size: number; get(r: number, c: number): number }, page: number): void {
    const doc = this.doc;
    const size = mm(16);
    const cell = size / (qr.size + 2);
    const y0 = BOTTOM + mm(3);
    // Opposite the page number: on the left of an odd page, on the right of an even one.
    const x0 = pageNumberSide(page) === 'right' ? LEFT : RIGHT - size;
    doc.save().fillColor('black');
    for (let r = 0; r < qr.size; r++) for (let c = 0; c < qr.size; c++) if (qr.get(r, c)) doc.rect(x0 + (c + 1) * cell, y0 + (r + 1) * cell, cell, cell);
    doc.fill().restore();
    const textX = pageNumberSide(page) === 'right' ? LEFT + size + mm(2) : LEFT;
    const textW = WIDTH - size - mm(2);
    const lines = [`核准文本 SHA-256：${this.d.sha256}`, `核验：${this.d.verifyUrl}`];
    lines.forEach((l, i) => this.textAt(l, 'body', 6.5, { x: textX, width: textW, align: 'left' }, y0 + size + mm(3) + i * 9, '#333333'));
  }

  // ── drawing ────────────────────────────────────────────────────────────────────────────

  private newPage(): void {
    this.doc.addPage({ size: 'A4', margin: 0 });
    this.page++;
  }

  private font(face: Face): LoadedFont {
    return this.fonts[face];
  }

  /** Text on a baseline: aligned in a box of `width` from `x`. */
  private textAt(text: string, face: Face, size: number, box: { x: number; width: number; align: 'left' | 'right' | 'center'; characterSpacing?: number }, baseline: number, color = 'black'): number {
    if (!text) return 0;
    const f = this.font(face);
    const cs = box.characterSpacing ?? 0;
    const chars = [...text];
    const w = chars.reduce((s, c) => s + f.measure(c) * size, 0) + cs * (chars.length - 1);
    const x = box.align === 'left' ? box.x : box.align === 'right' ? box.x + box.width - w : box.x + (box.width - w) / 2;
    this.doc.font(face).fontSize(size).fillColor(color).text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing: cs });
    return w;
  }

  /** A line of the flow in its slot: on the body grid, justified to the type area or aligned. */
  private drawFlowLine(line: FlowLine, slotTop: number): void {
    const baseline = slotTop + LINE / 2 + (EM_ABOVE - 0.5) * BODY;
    if (line.align === 'columns' && line.columns) {
      const names = line.columns.text.split('\u0000');
      const colW = WIDTH / line.columns.count;
      names.forEach((n, i) => this.textAt(n, 'body', BODY, { x: LEFT + i * colW, width: colW, align: 'center' }, baseline));
      return;
    }
    if (!line.chars.length) return;
    // Runs of one face, drawn one after the other at the grid's character advance (or justified).
    const runs: { text: string; face: Face; width: number; count: number }[] = [];
    for (const c of line.chars) {
      const w = this.font(c.face).measure(c.ch) * BODY;
      const last = runs[runs.length - 1];
      if (last && last.face === c.face) {
        last.text += c.ch;
        last.width += w;
        last.count++;
      } else runs.push({ text: c.ch, face: c.face, width: w, count: 1 });
    }
    const count = runs.reduce((s, r) => s + r.count, 0);
    const natural = runs.reduce((s, r) => s + r.width, 0);
    const gridSpacing = BODY_CHAR_PT - BODY;
    const room = WIDTH - line.indent * BODY_CHAR_PT;
    let cs = gridSpacing;
    if (line.align === 'justify' && count > 1) cs = (room - natural) / (count - 1);
    const lineW = natural + cs * (count - 1);
    let x = LEFT + line.indent * BODY_CHAR_PT;
    if (line.align === 'right') x = RIGHT - (line.rightCells ?? 0) * BODY_CHAR_PT - lineW;
    if (line.align === 'center') x = LEFT + (WIDTH - lineW) / 2;
    for (const r of runs) {
      this.doc.font(r.face).fontSize(BODY).fillColor('black').text(r.text, x, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing: cs });
      x += r.width + cs * r.count;
    }
  }
}
