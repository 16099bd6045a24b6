/**
 * What text may enter the system. Every string of every request (bodies and their keys, query and
 * path parameters, import cells) is text a person wrote: no control characters other than tab and
 * line feed, and well-formed UTF-16 (no lone surrogates, which PostgreSQL cannot store and no
 * reader can show). Names and titles — what lists, headers and notifications print — are held to
 * more: no bidirectional controls (which reorder what a reader sees) and at least one visible
 * character. Import cells must not start like a spreadsheet formula.
 */
import type { FieldProblem } from './field-problem';

/** C0 controls except tab (U+0009) and line feed (U+000A); DEL; C1 controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Anything either of the above could be about: surrogates (paired ones too) and controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const SUSPECT = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uD800-\uDFFF]/;
/** Bidirectional formatting: embeddings and overrides, isolates, and the implicit marks. */
const BIDI = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
/** A character somebody can see: not a space, a default-ignorable, a control, a format character or a lone mark. */
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{M}\u2800]/u;
/** What spreadsheets read as the start of a formula (OWASP's list: = + - @, tab, carriage return). */
const FORMULA_START = /^[=+\-@\t\r]/;

const codePoint = (s: string, i: number) => `U+${s.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0')}`;

/** What is wrong with a piece of text, as one sentence, or null. */
export function textProblem(s: string): string | null {
  // One scan for the common case (no control, no surrogate at all); the details only when needed.
  if (!SUSPECT.test(s)) return null;
  let m = CONTROL.exec(s);
  if (m) return `contains the control character ${codePoint(s, m.index)} at character ${m.index + 1}; only tab and line feed are allowed`;
  m = LONE_SURROGATE.exec(s);
  if (m) return `contains a lone UTF-16 surrogate (${codePoint(s, m.index)} at character ${m.index + 1}); it is not text`;
  return null;
}

/**
 * Any string made into text that can be stored and shown (an error message built from input, say):
 * controls other than tab and line feed escaped as `\uXXXX`, lone surrogates replaced by U+FFFD.
 */
export function storableText(s: string): string {
  if (!SUSPECT.test(s)) return s;
  return s
    .replace(new RegExp(CONTROL.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

/** A name or title: text, without bidirectional controls, with something visible in it. */
export function nameProblem(s: string): string | null {
  const text = textProblem(s);
  if (text) return text;
  const m = BIDI.exec(s);
  if (m) return `contains the bidirectional control ${codePoint(s, m.index)} at character ${m.index + 1}; names and titles may not reorder what a reader sees`;
  if (s.length && !VISIBLE.test(s)) return 'must contain a visible character, not only spaces or invisible ones';
  return null;
}

/** Whether a spreadsheet could read the cell as a formula (leading spaces do not protect it everywhere). */
export function startsLikeFormula(cell: string): boolean {
  return FORMULA_START.test(cell.replace(/^ +/, ''));
}

/**
 * An import cell that a spreadsheet would run as a formula when the data is opened again
 * (formula injection): refused in text columns of CSV imports.
 */
export function formulaProblem(cell: string): string | null {
  if (!startsLikeFormula(cell)) return null;
  const s = cell.replace(/^ +/, '');
  const first = s[0] === '\t' ? 'a tab' : s[0] === '\r' ? 'a carriage return' : `“${s[0]}”`;
  return `starts with ${first}, which spreadsheets read as a formula; imported text must not (remove it or put the text in other words)`;
}

/** A key as it can be printed in a field name: controls and lone surrogates escaped. */
function printableKey(key: string): string {
  // JSON.stringify escapes controls and (since ES2019) lone surrogates as \uXXXX.
  return textProblem(key) ? JSON.stringify(key).slice(1, -1) : key;
}

/** Keys that name JavaScript's object model, not data: assigning them can replace an object's prototype. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Every string (and object key) of a parsed value, checked with textProblem, without recursion
 * (however deep the value); keys that name the object model (`__proto__`) are refused too.
 * Fields are named like validation errors: `comment`, `rows.3.title`,
 * `milestones.summaryDueAt`. At most `limit` problems are listed.
 */
export function findTextProblems(value: unknown, prefix = '', limit = 50): FieldProblem[] {
  const out: FieldProblem[] = [];
  const stack: [unknown, string][] = [[value, prefix]];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (stack.length && out.length < limit) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) out.push({ field: path || 'body', message: problem });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], join(path, String(i))]);
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        const field = join(path, printableKey(key));
        const problem = RESERVED_KEYS.has(key) ? 'is not a field name any request uses' : textProblem(key);
        if (problem) out.push({ field, message: RESERVED_KEYS.has(key) ? problem : `the field name ${problem}` });
        else stack.push([(v as Record<string, unknown>)[key], field]);
      }
    }
  }
  return out;
}
