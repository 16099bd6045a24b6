/**
 * Every error the API returns, worded in the console's language next to the field it names. The
 * API answers in English ({ error, message, fields: [{ field, message }] }); the error code gives
 * the sentence, and the common shapes of a field's message (required, unknown, too long, not a
 * date, control characters…) are worded here. A message with no known shape keeps the API's own
 * words after a sentence in the console's language, so nothing is hidden.
 */
import type { FieldProblem } from './api';
import { ApiFailure } from './api';
import { t, te } from './i18n';

/** `rows.3.title` → 第 4 行 · 标题 (rows count from 0 in the API, from 1 for people). */
export function fieldLabel(field: string): string {
  const parts = field.split('.');
  const words: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i];
    if (/^\d+$/.test(p)) {
      if (parts[i - 1] === 'rows') words.push(t('errors.row', { n: Number(p) + 1 }));
      else words.push(`#${Number(p) + 1}`);
    } else if (p !== 'rows') {
      words.push(te(`fields.${p}`) ? t(`fields.${p}`) : p);
    }
  }
  return words.join(' · ');
}

const SHAPES: Array<[RegExp, string, (m: RegExpExecArray) => Record<string, unknown>]> = [
  [/is required$|should not be empty|must not be empty/i, 'errors.required', () => ({})],
  [/^unknown field/i, 'errors.unknownField', () => ({})],
  [/must not be null/i, 'errors.required', () => ({})],
  [/must be (?:shorter than or equal to|at most) (\d+) characters/i, 'errors.tooLong', (m) => ({ n: m[1] })],
  [/must be (?:longer than or equal to|at least) (\d+) characters/i, 'errors.tooShort', (m) => ({ n: m[1] })],
  [/must not be (?:less|smaller) than (-?\d+)|must be at least (-?\d+)/i, 'errors.min', (m) => ({ n: m[1] ?? m[2] })],
  [/must not be (?:greater|larger) than (-?\d+)|must be at most (-?\d+)/i, 'errors.max', (m) => ({ n: m[1] ?? m[2] })],
  [/control character|NUL|lone surrogate|bidi|invisible/i, 'errors.badCharacters', () => ({})],
  [/must be an? (?:whole number|integer)/i, 'errors.integer', () => ({})],
  [/must be an? (?:number)/i, 'errors.number', () => ({})],
  [/must be a string/i, 'errors.string', () => ({})],
  [/must be an? (?:email|e-mail)/i, 'errors.email', () => ({})],
  [/date|YYYY-MM-DD|ISO 8601|offset/i, 'errors.date', () => ({})],
  [/must be one of the following values: (.*)$|must be one of (.*)$/i, 'errors.oneOf', (m) => ({ values: m[1] ?? m[2] })],
  [/must be an array/i, 'errors.array', () => ({})],
  [/not valid JSON/i, 'errors.json', () => ({})],
  [/no agency|not in the directory|unknown agency/i, 'errors.noAgency', () => ({})],
  [/later than|after the parent|outside the parent|must fall inside/i, 'errors.outsideParent', () => ({})],
  [/before .*(?:start|open)|must be before|must come before/i, 'errors.order', () => ({})],
];

/** One field's problem in the console's language. */
export function fieldMessage(p: FieldProblem): string {
  for (const [re, key, values] of SHAPES) {
    const m = re.exec(p.message);
    if (m) return t(key, { ...values(m), raw: p.message });
  }
  return t('errors.other', { raw: p.message });
}

/** The sentence for the whole failure (shown above a form, or as a message). */
export function failureSummary(err: unknown): string {
  if (!(err instanceof ApiFailure)) return t('errors.network');
  const key = `errors.codes.${err.code}`;
  const sentence = te(key) ? t(key) : t('errors.status', { status: err.status });
  const fields = err.fields.filter((f) => f.field !== 'body' || err.fields.length === 1);
  if (!fields.length) return `${sentence}（${err.message}）`;
  return `${sentence}：${fields.map((f) => `${fieldLabel(f.field)}：${fieldMessage(f)}`).join('；')}`;
}

/** field → message, for el-form-item's `error` prop (the first problem of each field). */
export function fieldErrors(err: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (err instanceof ApiFailure) for (const f of err.fields) out[f.field] ??= fieldMessage(f);
  return out;
}
