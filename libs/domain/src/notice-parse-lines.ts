/**
 * The lines of a notice as published (extracted from a PDF or a web page) and the cleaning of its
 * body: what extraction breaks and a reader would not notice. Pure; see notice-parse.ts.
 */

export interface Line {
  /** 1-based line number in the text given. */
  no: number;
  text: string;
}

/** The text's lines; CR LF, CR and form feeds (pdftotext's page breaks) as line breaks, the BOM dropped. */
export function splitLines(input: string): Line[] {
  return input
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/\f/g, '\n')
    .split('\n')
    .map((text, i) => ({ no: i + 1, text }));
}

/** A line without any whitespace: how headings, labels and lists are recognised. */
export function compact(s: string): string {
  return s.replace(/\s+/g, '');
}

const CJK = '\\u3400-\\u9FFF\\uF900-\\uFAFF\\u3000-\\u303F\\uFF00-\\uFFEF\\u201C\\u201D';

/** Levels of a notice's body: 一、 （一） 1. （1） (half-width forms too). */
export const HEADING_1 = /^[一二三四五六七八九十]+、/;
export const HEADING_2 = /^[（(][一二三四五六七八九十]+[)）]/;
export const HEADING_3 = /^\d{1,2}[.．、]/;
export const HEADING_4 = /^[（(]\d{1,2}[)）]/;

/** Labels of contact lines: 联系人, 联 系 人, 电话, 邮箱 …, before a colon. */
export const CONTACT_LABEL = /^(联系人|联系电话|电话|手机|传真|电子邮箱|电子邮件|邮箱|E-?mail|邮寄地址|通讯地址|地址|邮编|邮政编码)[：:]/i;

export function isContactLine(s: string): boolean {
  return CONTACT_LABEL.test(compact(s));
}

/** Sentence-final punctuation: a line ending otherwise may have been cut by a page break. */
const TERMINAL = /[。！？：；…”’」』）)》.!?:;]$/;
/** A printed line of the type area is 28 characters; a page break cuts one at full width. */
const FULL_LINE = 20;

/**
 * The body's lines as the text co-signers approve: trailing whitespace and indentation dropped;
 * spaces between Chinese and Latin letters or digits removed (`2023 年` → `2023年`, an extraction
 * artifact); half-width brackets around Chinese full-width (`(四) ` → `（四）`, `(站、所)`), the space
 * after a list marker dropped (`1. ` → `1.`); a line cut by a page break joined with its continuation
 * (a full line not ending a sentence, then blank lines, then a line that starts no heading);
 * a contact's lines kept together; runs of blank lines as one.
 */
export function cleanBody(lines: readonly string[]): string[] {
  const tidy = lines.map((l) =>
    l
      .replace(/^[\s\u3000]+|[\s\u3000]+$/g, '')
      .replace(new RegExp(`([${CJK}])[ \\t\\u3000]+(?=[A-Za-z0-9])`, 'g'), '$1')
      .replace(new RegExp(`([A-Za-z0-9])[ \\t\\u3000]+(?=[${CJK}])`, 'g'), '$1')
      .replace(/\(([^()]*[\u3400-\u9FFF][^()]*)\)/g, '（$1）')
      .replace(/^(（[一二三四五六七八九十]+）|\d{1,2}\.)[ \t\u3000]+/, '$1'),
  );
  // The next non-blank line after each line, found once (a text may hold many blank lines).
  const nextFilled: (string | undefined)[] = new Array(tidy.length);
  for (let i = tidy.length - 2, next: string | undefined; i >= 0; i--) {
    if (tidy[i + 1] !== '') next = tidy[i + 1];
    nextFilled[i] = next;
  }
  const out: string[] = [];
  for (let i = 0; i < tidy.length; i++) {
    const line = tidy[i];
    if (line === '') {
      // A blank line before a contact's next field is layout, not a paragraph break.
      const next = nextFilled[i];
      if (next !== undefined && isContactLine(next) && out.length && (isContactLine(out[out.length - 1]) || isContactOffice(out[out.length - 1]))) continue;
      if (out.length && out[out.length - 1] !== '') out.push('');
      continue;
    }
    const prev = out.length >= 2 && out[out.length - 1] === '' ? out[out.length - 2] : null;
    if (prev !== null && joinsAcrossBreak(prev, line)) {
      out.pop();
      out[out.length - 1] = prev + line;
      continue;
    }
    out.push(line);
  }
  while (out.length && out[0] === '') out.shift();
  while (out.length && out[out.length - 1] === '') out.pop();
  return out;
}

/** The last line kept is a contact's office (a short line the contact fields follow). */
function isContactOffice(last: string): boolean {
  return last.length <= 40 && !TERMINAL.test(last) && !HEADING_1.test(last) && !HEADING_2.test(last);
}

function startsBlock(line: string): boolean {
  const c = compact(line);
  return HEADING_1.test(c) || HEADING_2.test(c) || HEADING_3.test(c) || HEADING_4.test(c) || isContactLine(c) || /^(附件|联系方式)/.test(c);
}

function joinsAcrossBreak(prev: string, line: string): boolean {
  return [...prev].length >= FULL_LINE && !TERMINAL.test(prev) && !startsBlock(line);
}
