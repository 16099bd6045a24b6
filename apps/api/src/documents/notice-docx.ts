/**
 * The notice as a Word file (docx), for offices that file or edit it: the same document as the PDF
 * (libs/domain/src/notice-document.ts), laid out with Word's own means — A4 and the GB/T 9704
 * margins, a document grid of 22 lines of 28 characters, the red header and separator, the title,
 * the body with its levels' faces, the signature block in a borderless table, the 版记 with its
 * rules framed at the foot of the page, page numbers `— 1 —` right on odd pages and left on even
 * ones. Word lays the lines out itself; the faces are named, not embedded.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  DocumentGridType,
  Footer,
  FrameAnchorType,
  Header,
  HorizontalPositionAlign,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  VerticalAlignTable,
  VerticalPositionAlign,
  WidthType,
} from 'docx';
import type { NoticeDocument } from '@domain/notice-document';
import { BODY_CHAR_PT, BODY_LINE_PT, GBT9704, pageNumberSide, signatureRows, titleLines } from '@domain/notice-layout';
import type { FontSet } from './fonts';
import { mainRecipientsInline } from './notice-pdf';

const RED = 'D40000';
/** Word measures in twentieths of a point (twips); font sizes in half-points. */
const twips = (pt: number) => Math.round(pt * 20);
const mmTwips = (mm: number) => Math.round((mm * 72 * 20) / 25.4);
const half = (pt: number) => Math.round(pt * 2);
const CHAR = twips(BODY_CHAR_PT);
const LINE = twips(BODY_LINE_PT);
const TYPE_WIDTH = mmTwips(GBT9704.typeWidthMm);
const NO_BORDER = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
const NO_BORDERS = { top: NO_BORDER, bottom: NO_BORDER, left: NO_BORDER, right: NO_BORDER, insideHorizontal: NO_BORDER, insideVertical: NO_BORDER };

export async function renderNoticeDocx(d: NoticeDocument, fonts: FontSet): Promise<Buffer> {
  const face = {
    body: fonts.body.family,
    title: fonts.title.family,
    heading1: fonts.heading1.family,
    heading2: fonts.heading2.family,
  };
  const run = (text: string, f: keyof typeof face, size: number, color?: string) =>
    new TextRun({ text, font: { ascii: face[f], eastAsia: face[f], hAnsi: face[f] }, size: half(size), color });
  const exact = { line: LINE, lineRule: LineRuleType.EXACT };
  const para = (children: TextRun[], o: Partial<ConstructorParameters<typeof Paragraph>[0] & object> = {}) =>
    new Paragraph({ children, spacing: { ...exact, before: 0, after: 0 }, ...o });
  const blank = () => para([]);

  const children: (Paragraph | Table)[] = [];
  // 版头: the red mark 35 mm under the type area's top, the number two lines under it, the red rule 4 mm under that.
  const markTop = mmTwips(GBT9704.markTopMm);
  if (d.markNames.length === 1) {
    const text = `${d.markNames[0]}${d.markSuffix}`;
    const size = Math.min(36, (mmTwips(GBT9704.typeWidthMm) / 20 / [...text].length) * 0.95);
    children.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: markTop, after: 0, line: twips(size * 1.2), lineRule: LineRuleType.EXACT }, children: [run(text, 'title', size, RED)] }));
  } else {
    const size = Math.min(14, 460 / (d.markNames.length * 1.15));
    children.push(new Paragraph({ spacing: { before: markTop - LINE, after: 0, ...exact }, children: [] }));
    children.push(
      new Table({
        width: { size: TYPE_WIDTH, type: WidthType.DXA },
        borders: NO_BORDERS,
        rows: [
          new TableRow({
            children: [
              new TableCell({
                width: { size: Math.round(TYPE_WIDTH * 0.72), type: WidthType.DXA },
                borders: NO_BORDERS,
                children: d.markNames.map((n) => new Paragraph({ alignment: AlignmentType.DISTRIBUTE, spacing: { line: twips(size * 1.15), lineRule: LineRuleType.EXACT }, children: [run(n, 'title', size, RED)] })),
              }),
              new TableCell({
                width: { size: Math.round(TYPE_WIDTH * 0.28), type: WidthType.DXA },
                borders: NO_BORDERS,
                verticalAlign: VerticalAlignTable.CENTER,
                children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(d.markSuffix, 'title', Math.min(size * 3, 42), RED)] })],
              }),
            ],
          }),
        ],
      }),
    );
  }
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 2 * LINE, after: 0, ...exact },
      border: { bottom: { style: BorderStyle.SINGLE, size: 8, color: RED, space: Math.round((GBT9704.separatorGapMm * 72) / 25.4) } },
      children: [run(d.docNumber, 'body', GBT9704.bodyPt)],
    }),
  );
  // 标题 two lines under the rule, centred, in as many lines as titleLines says.
  titleLines(d.title, Math.floor(TYPE_WIDTH / 20 / GBT9704.titlePt), fonts.title.measure).forEach((t, i) =>
    children.push(para([run(t, 'title', GBT9704.titlePt)], { alignment: AlignmentType.CENTER, spacing: { ...exact, before: i === 0 ? 2 * LINE : 0, after: 0 } })),
  );
  children.push(blank());
  const inlineMain = d.mainRecipients !== null && mainRecipientsInline(d, fonts);
  if (inlineMain) children.push(para([run(d.mainRecipients!.replace(/。$/, '：'), 'body', GBT9704.bodyPt)]));
  // 正文: every paragraph indented two characters, the levels' headings in their faces.
  for (const p of d.paragraphs) {
    children.push(para(p.runs.map((r) => run(r.text.trimStart(), r.style, GBT9704.bodyPt)), { alignment: AlignmentType.BOTH, indent: { firstLine: 2 * CHAR } }));
  }
  if (d.attachments.length) {
    children.push(blank());
    d.attachments.forEach((a) => children.push(para([run(a, 'body', GBT9704.bodyPt)], { indent: { left: 2 * CHAR } })));
  }
  // 发文机关署名 in rows, then the date of writing.
  children.push(blank());
  const rows = signatureRows(d.signatures, { measure: fonts.body.measure });
  const columns = Math.max(...rows.map((r) => r.length));
  if (columns === 1) {
    rows.forEach((r) => children.push(para([run(r[0], 'body', GBT9704.bodyPt)], { alignment: AlignmentType.RIGHT, indent: { right: 2 * CHAR }, keepNext: true })));
  } else {
    const colW = Math.floor(TYPE_WIDTH / columns);
    children.push(
      new Table({
        width: { size: TYPE_WIDTH, type: WidthType.DXA },
        columnWidths: Array.from({ length: columns }, () => colW),
        borders: NO_BORDERS,
        rows: rows.map(
          (r) =>
            new TableRow({
              cantSplit: true,
              children: Array.from({ length: columns }, (_, i) => new TableCell({ width: { size: colW, type: WidthType.DXA }, borders: NO_BORDERS, children: [para(r[i] ? [run(r[i], 'body', GBT9704.bodyPt)] : [], { alignment: AlignmentType.CENTER, keepNext: true })] })),
            }),
        ),
      }),
    );
  }
  children.push(para([run(d.writingDate, 'body', GBT9704.bodyPt)], { alignment: AlignmentType.RIGHT, indent: { right: (columns === 1 ? 2 : 4) * CHAR } }));
  // 版记, framed at the foot of the page the body ends on: first and last rules thick, the one between thin.
  const thick = Math.round(GBT9704.thickRuleMm * (72 / 25.4) * 8);
  const thin = Math.round(GBT9704.thinRuleMm * (72 / 25.4) * 8);
  const frame = { type: 'alignment' as const, width: TYPE_WIDTH, anchor: { horizontal: FrameAnchorType.MARGIN, vertical: FrameAnchorType.MARGIN }, alignment: { x: HorizontalPositionAlign.CENTER, y: VerticalPositionAlign.BOTTOM } };
  const footLine = twips(GBT9704.smallPt * 1.55);
  const rule = (size: number) => ({ style: BorderStyle.SINGLE, size, color: '000000', space: 1 });
  // 主送 (when it moved here) and 抄送: label, full-width colon, continuation lines under the first name.
  const listed = [
    ...(!inlineMain && d.mainRecipients ? [`主送：${d.mainRecipients}`] : []),
    ...(d.ccRecipients ? [`抄送：${d.ccRecipients}`] : []),
  ];
  const foot: Paragraph[] = listed.map(
    (text, i) =>
      new Paragraph({
        frame,
        spacing: { line: footLine, lineRule: LineRuleType.EXACT },
        indent: { left: twips(GBT9704.smallPt * 4), right: twips(GBT9704.smallPt), hanging: twips(GBT9704.smallPt * 3) },
        ...(i === 0 ? { border: { top: rule(thick) } } : {}),
        children: [run(text, 'body', GBT9704.smallPt)],
      }),
  );
  foot.push(
    new Paragraph({
      frame,
      spacing: { line: footLine, lineRule: LineRuleType.EXACT },
      indent: { left: twips(GBT9704.smallPt), right: twips(GBT9704.smallPt) },
      tabStops: [{ type: 'right', position: TYPE_WIDTH - twips(2 * GBT9704.smallPt) }],
      border: { top: rule(listed.length ? thin : thick), bottom: rule(thick) },
      children: [run(d.printingOffice, 'body', GBT9704.smallPt), run(`\t${d.printedOn}`, 'body', GBT9704.smallPt)],
    }),
  );
  children.push(...foot);

  const pageNumber = (side: 'right' | 'left') =>
    new Footer({
      children: [
        new Paragraph({
          alignment: side === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
          indent: side === 'right' ? { right: twips(GBT9704.smallPt) } : { left: twips(GBT9704.smallPt) },
          children: [
            new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: { ascii: face.body, eastAsia: face.body, hAnsi: face.body }, size: half(GBT9704.smallPt) }),
            ...(d.verifyUrl ? [new TextRun({ break: 1, text: `核准文本 SHA-256：${d.sha256}  核验：${d.verifyUrl}`, size: 12, color: '333333', font: { ascii: face.body, eastAsia: face.body, hAnsi: face.body } })] : []),
          ],
        }),
      ],
    });
  const draftHeader = d.draftLine
    ? new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [run(d.draftLine, 'body', 8, RED)] })] })
    : undefined;
  const doc = new Document({
    title: d.info.title,
    subject: d.info.subject,
    keywords: d.info.keywords,
    creator: d.info.author,
    description: `campaign ${d.campaignId}, version ${d.version}, text SHA-256 ${d.sha256}`,
    evenAndOddHeaderAndFooters: true,
    styles: { default: { document: { run: { font: { ascii: face.body, eastAsia: face.body, hAnsi: face.body }, size: half(GBT9704.bodyPt) } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: mmTwips(GBT9704.pageWidthMm), height: mmTwips(GBT9704.pageHeightMm) },
            margin: {
              top: mmTwips(GBT9704.marginTopMm),
              left: mmTwips(GBT9704.marginLeftMm),
              right: mmTwips(GBT9704.pageWidthMm - GBT9704.marginLeftMm - GBT9704.typeWidthMm),
              bottom: mmTwips(GBT9704.pageHeightMm - GBT9704.marginTopMm - GBT9704.typeHeightMm),
              header: mmTwips(15),
              footer: mmTwips(GBT9704.pageHeightMm - GBT9704.marginTopMm - GBT9704.typeHeightMm - GBT9704.pageNumberGapMm - 6),
            },
          },
          grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE, charSpace: Math.round((BODY_CHAR_PT - GBT9704.bodyPt) * 4096) },
        },
        headers: draftHeader ? { default: draftHeader, even: draftHeader } : undefined,
        footers: { default: pageNumber(pageNumberSideOf(1)), even: pageNumber(pageNumberSideOf(2)) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

const pageNumberSideOf = (n: number) => pageNumberSide(n);
