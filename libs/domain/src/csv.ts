/**
 * CSV as the imports read it (activities, recipient bodies) and as exports write it. One parser
 * and one writer for the project.
 */
import type { FieldProblem } from './field-problem';
import { startsLikeFormula } from './text';

/** A CSV that cannot be read, with the line where reading failed. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
  }
}

/**
 * An import's body read as CSV, or the problem with it named `body`: not text, nothing but
 * blanks (`empty` says what was expected), or CSV that cannot be read (parseCsv's refusals).
 */
export function readCsvBody(body: unknown, empty: string): { records: string[][]; lines: number[] } | { problems: FieldProblem[] } {
  if (typeof body !== 'string' || !body.trim()) return { problems: [{ field: 'body', message: empty }] };
  try {
    return parseCsv(body);
  } catch (err) {
    if (err instanceof CsvSyntaxError) return { problems: [{ field: 'body', message: `not valid CSV: ${err.message}` }] };
    throw err;
  }
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally double-quoted ("" is a quote inside one, and a
 * quoted field may span lines), CRLF or LF line ends, a UTF-8 BOM ignored, blank lines skipped.
 * Returns the records and the line each starts on (for error messages). Hand-written rather than
 * csv-parse: a 50,000-row activity import reads six times faster, and it is measured next to COPY.
 *
 * What it cannot read unambiguously it refuses, naming the line: a quote inside an unquoted field
 * (`ab"c`: an opening quote that lost its partner, or one that needed doubling?), text after a
 * closing quote, a quoted field never closed, and a carriage return that does not end a line.
 * A line ending inside a quoted field is read as a line feed, whichever the file used. A line that
 * is only `""` is a record with one empty field, not a blank line.
 */
export function parseCsv(text: string): { records: string[][]; lines: number[] } {
  const records: string[][] = [];
  const lines: number[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const record: string[] = [];
    const startLine = line;
    let quotedAny = false;
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34 /* " */) {
        quotedAny = true;
        const opened = line;
        let j = i + 1;
        value = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) throw new CsvSyntaxError(`a quoted field opened on line ${opened} is never closed`, opened);
          value += text.slice(j, q);
          if (text.charCodeAt(q + 1) === 34) {
            value += '"';
            j = q + 2;
            continue;
          }
          i = q + 1;
          break;
        }
        if (value.includes('\r')) {
          const lone = /\r(?!\n)/.exec(value);
          if (lone) {
            const at = opened + countNewlines(value.slice(0, lone.index));
            throw new CsvSyntaxError(`line ${at}: a carriage return inside a quoted field that does not end a line`, at);
          }
          value = value.replace(/\r\n/g, '\n');
        }
        line += countNewlines(value);
        const c = text.charCodeAt(i);
        if (i < n && c !== 44 && c !== 10 && c !== 13) {
          throw new CsvSyntaxError(`line ${line}: a closing quote must be followed by a comma or the end of the line`, line);
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 /* , */ || c === 10 /* \n */ || c === 13 /* \r */) break;
          if (c === 34) {
            throw new CsvSyntaxError(
              `line ${line}: a quote inside an unquoted field; quote the whole field and double the quotes inside it ("ab""c")`,
              line,
            );
          }
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      record.push(value);
      if (text.charCodeAt(i) === 44) {
        i++;
        continue;
      }
      if (text.charCodeAt(i) === 13) {
        if (text.charCodeAt(i + 1) !== 10) throw new CsvSyntaxError(`line ${line}: a carriage return that does not end a line (CR without LF)`, line);
        i++;
      }
      if (text.charCodeAt(i) === 10) i++;
      line++;
      break;
    }
    // A blank line (nothing, or only spaces, and no quotes) is not a record.
    if (record.length > 1 || quotedAny || record[0].trim() !== '') {
      records.push(record);
      lines.push(startLine);
    }
  }
  return { records, lines };
}

function countNewlines(s: string): number {
  let k = 0;
  for (let p = s.indexOf('\n'); p !== -1; p = s.indexOf('\n', p + 1)) k++;
  return k;
}

/**
 * One cell of a CSV this system writes. Any export goes through here: a cell that a spreadsheet
 * would read as a formula is written with a leading apostrophe (shown as text, never run), and a
 * cell with a comma, quote or line break is quoted.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (typeof value === 'string' && startsLikeFormula(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One line of a CSV this system writes (CRLF-terminated, as RFC 4180 has it). */
export function csvLine(values: readonly (string | number | null | undefined)[]): string {
  return `${values.map(csvCell).join(',')}\r\n`;
}
