/**
 * Dates of the timeline and the relay form, and the API's timeline problems in the console's
 * language. Date pickers hold Beijing wall time ("2023-10-10 00:00:00") whatever the browser's
 * zone; the API takes an instant with its offset (+08:00). The API words its checks in English
 * (libs/domain/src/year.ts, relay.ts, definition-rules.ts, calendar.ts): the ones people meet on
 * these pages are worded here, in Chinese, with their dates as people read them; anything else
 * goes through errors.ts.
 */
import type { FieldProblem } from '../../api';
import { fieldLabel, fieldMessage } from '../../errors';
import { dateTime } from '../../composables/format';
import { t } from '../../i18n';
import { shiftIso } from '@domain/rebase';

export { shiftIso };

/** el-date-picker's value-format and format: Beijing wall time. */
export const WALL_FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** An instant → its Beijing wall time, `YYYY-MM-DD HH:mm:ss`. */
export function wallOf(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const p = new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
  })
    .formatToParts(d)
    .reduce<Record<string, string>>((acc, x) => ({ ...acc, [x.type]: x.value }), {});
  return `${p.year}-${p.month}-${p.day} ${p.hour === '24' ? '00' : p.hour}:${p.minute}:${p.second}`;
}

/** Beijing wall time → the instant the API takes (`2023-10-10T00:00:00+08:00`); '' stays ''. */
export function isoOfWall(wall: string | null | undefined): string {
  if (!wall) return '';
  return `${wall.trim().replace(' ', 'T')}+08:00`;
}

/** Whether two instants are the same, however written. */
export function sameInstant(a: string, b: string): boolean {
  return Date.parse(a) === Date.parse(b);
}

const DATE = '(\\d{4}-\\d{2}-\\d{2}T[0-9:.]+(?:Z|[+-]\\d{2}:\\d{2}))';
const when = (iso: string) => dateTime(iso);
/** A milestone by the name the timeline gives it (集中活动周开始), any other field by errors.ts's. */
const MILESTONE_LABELS: Record<string, string> = {
  coSignDueAt: 'coSignDueAt',
  publicationOpensAt: 'publicationOpensAt',
  concentratedWeek: 'concentratedWeek',
  'concentratedWeek.startsAt': 'weekStartsAt',
  'concentratedWeek.endsAt': 'weekEndsAt',
  summaryDueAt: 'summaryDueAt',
  closesAt: 'closesAt',
};
const label = (field: string) => {
  const f = field.startsWith('milestones.') ? field.slice('milestones.'.length) : field;
  return MILESTONE_LABELS[f] ? t(`timeline.labels.${MILESTONE_LABELS[f]}`) : fieldLabel(f);
};

/** The API's milestone and relay checks, in the console's language. */
const WORDED: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [new RegExp(`is not before the parent's summary deadline ${DATE}`), (m) => t('timeline.problems.beforeParentSummary', { at: when(m[1]) })],
  [new RegExp(`is after the parent's close ${DATE}`), (m) => t('timeline.problems.afterParentClose', { at: when(m[1]) })],
  [new RegExp(`must not be before the parent's window opens \\(${DATE}\\)`), (m) => t('timeline.problems.beforeParentWindow', { at: when(m[1]) })],
  [new RegExp(`parent's concentrated week \\(${DATE} – ${DATE}\\)`), (m) => t('timeline.problems.parentWeek', { from: when(m[1]), to: when(m[2]) })],
  [/a relay carries the parent's theme/, () => t('timeline.problems.parentTheme')],
  [/a relay belongs to the parent's year (\d+)/, (m) => t('timeline.problems.parentYear', { year: m[1] })],
  [new RegExp(`must be after ([\\w.]+) \\(${DATE}\\)`), (m) => t('timeline.problems.after', { field: label(m[1]), at: when(m[2]) })],
  [new RegExp(`must be before ([\\w.]+) \\(${DATE}\\)`), (m) => t('timeline.problems.before', { field: label(m[1]), at: when(m[2]) })],
  [/^(\S+) is the lead agency; it cannot co-sign its own notice/, () => t('timeline.problems.leadCoSigns')],
  [/is listed twice/, () => t('timeline.problems.twice')],
  [/^not recognised: "(.+)" is not a body code/, (m) => t('timeline.problems.unrecognised', { entry: m[1] })],
  [/^"(.+)" is ambiguous: (.+)$/, (m) => t('timeline.problems.ambiguous', { entry: m[1], codes: m[2] })],
  [/resolves to no body other than the lead itself/, () => t('timeline.problems.nobody')],
  [/not among the 主送 recipients; only they report back/, () => t('timeline.problems.notMain')],
  [/^belongs to (\S+)$/, (m) => t('timeline.problems.prefixTaken', { owner: m[1] })],
  [/has already passed; it cannot be moved/, () => t('timeline.problems.passed')],
  [/is in the past/, () => t('timeline.problems.past')],
];

/** One problem of a field in Chinese: the timeline's own checks, else errors.ts's wording. */
export function problemText(p: FieldProblem): string {
  const relay = /^the relay (.+) \(([0-9a-f-]{36})\) would no longer fit: its ([\w.]+) (.*)$/s.exec(p.message);
  if (relay) {
    const inner = problemText({ field: `milestones.${relay[3]}`, message: relay[4] });
    return t('timeline.problems.relayNoLongerFits', { title: relay[1], field: label(relay[3]), problem: inner });
  }
  for (const [re, word] of WORDED) {
    const m = re.exec(p.message);
    if (m) return word(m);
  }
  return fieldMessage(p);
}

/** A launch or move warning in Chinese (holidays, relays keeping their week, the header). */
export function warningText(w: { field: string; message: string }, opts: { rehearsed?: boolean; nameOf?: (code: string) => string } = {}): string {
  const { rehearsed = false, nameOf = (c: string) => c } = opts;
  const names = (codes: string) => codes.split(/,\s*/).map(nameOf).join('、');
  const holiday = /^(\d{4}-\d{2}-\d{2}) is (?:a public holiday \((.+?)\)|a (\w+)) in Asia\/Shanghai; reminders will go out on working days( \(provisional)?/.exec(w.message);
  if (holiday) {
    const [, day, festival, weekday, provisional] = holiday;
    const what = festival ? t('timeline.warnings.holiday', { name: festival }) : t(`timeline.warnings.weekday.${weekday}`);
    const text = t('timeline.warnings.nonWorkingDay', { field: label(w.field), day, what });
    return `${text}${provisional ? t('timeline.warnings.provisional') : ''}${rehearsed ? t('timeline.warnings.rehearsal') : ''}`;
  }
  const keepWeek = /^the relays (.+) keep the week they were issued with/.exec(w.message);
  if (keepWeek) return t('timeline.warnings.relaysKeepWeek', { relays: keepWeek[1].replace(/ \([0-9a-f-]{36}\)/g, '') });
  const both = /^(\d+) bodies are both 主送 and 抄送/.exec(w.message);
  if (both) return t('timeline.warnings.mainAndCc', { n: both[1] });
  const header = /^the header names (.+) but the signature block/.exec(w.message);
  if (header) return t('timeline.warnings.headerExtra', { codes: names(header[1]) });
  const signature = /^the signature block names (.+) but the header does not/.exec(w.message);
  if (signature) return t('timeline.warnings.headerMissing', { codes: names(signature[1]) });
  return `${w.field ? `${label(w.field)}：` : ''}${w.message}`;
}

/**
 * The API's field problems for a form: each form field gets the problems of its own path and of
 * the paths under it (`recipients.main.3` goes to `recipients.main`, named by its item).
 */
export function problemsByField(fields: FieldProblem[], formFields: readonly string[]): { byField: Record<string, string>; rest: FieldProblem[] } {
  const byField: Record<string, string> = {};
  const rest: FieldProblem[] = [];
  for (const p of fields) {
    const owner = [...formFields].sort((a, b) => b.length - a.length).find((f) => p.field === f || p.field.startsWith(`${f}.`));
    if (!owner) {
      rest.push(p);
      continue;
    }
    const under = p.field === owner ? '' : p.field.slice(owner.length + 1);
    const item = !under ? '' : /^\d+$/.test(under) ? `${t('timeline.item', { n: Number(under) + 1 })}：` : `${fieldLabel(under)}：`;
    const text = `${item}${problemText(p)}`;
    byField[owner] = byField[owner] ? `${byField[owner]}；${text}` : text;
  }
  return { byField, rest };
}
