/**
 * A campaign definition as 发起通知 reads it: the file or pasted text parsed the way
 * `npm run cli -- launch` parses it (scripts/cli.ts: js-yaml's CORE_SCHEMA, so `2023-08-02` stays a
 * string and no custom tags run; JSON is YAML too, but a .json file or a text starting with `{` is
 * read as JSON for its clearer errors), then sent as the body of POST /api/v1/campaigns with the
 * optional `rebaseTo`. The API checks everything else; here only what a person needs to see before
 * sending (a summary), and the API's field problems and warnings worded in the console's language.
 */
import { CORE_SCHEMA, load, YAMLException } from 'js-yaml';
import type { FieldProblem } from '../../api';
import { fieldLabel, fieldMessage } from '../../errors';
import { i18n, t } from '../../i18n';

export type Definition = Record<string, unknown>;

export type Parsed = { ok: true; definition: Definition } | { ok: false; error: string };

/** The definition in `text`; `name` (the file's) decides JSON over YAML when it ends in .json. */
export function parseDefinition(text: string, name = ''): Parsed {
  if (!text.trim()) return { ok: false, error: t('launch.empty') };
  let value: unknown;
  if (/\.json$/i.test(name) || /^\s*[{[]/.test(text)) {
    try {
      value = JSON.parse(text);
    } catch (err) {
      return { ok: false, error: t('launch.json', { reason: (err as Error).message }) };
    }
  } else {
    try {
      value = load(text, { schema: CORE_SCHEMA });
    } catch (err) {
      if (err instanceof YAMLException && err.mark) {
        return { ok: false, error: t('launch.yaml', { line: err.mark.line + 1, column: err.mark.column + 1, reason: err.reason }) };
      }
      return { ok: false, error: t('launch.yamlNoMark', { reason: err instanceof YAMLException ? err.reason : String(err) }) };
    }
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { ok: false, error: t('launch.notMapping') };
  return { ok: true, definition: value as Definition };
}

/** The file a file input's change event chose, read as text (null when the choice was cleared). */
export async function chosenFile(e: Event): Promise<{ name: string; text: string } | null> {
  const file = (e.target as HTMLInputElement | null)?.files?.[0];
  return file ? { name: file.name, text: await file.text() } : null;
}

/** The body of POST /api/v1/campaigns, as the CLI sends it: the definition, and `rebaseTo` when one is chosen. */
export function launchBody(definition: Definition, rebaseTo: string | null | undefined): Definition {
  return { ...definition, ...(rebaseTo ? { rebaseTo } : {}) };
}

/** What a person checks before launching: read loosely (the API judges), shown only when present. */
export interface DefinitionSummary {
  title: string | null;
  year: string | null;
  leadAgency: string | null;
  coSigners: string[];
  coSignMode: string | null;
  coSignDueAt: string | null;
  docNumberPrefix: string | null;
  main: number | null;
  cc: number | null;
}

const str = (v: unknown): string | null => (typeof v === 'string' || typeof v === 'number' ? String(v) : null);

export function summarize(d: Definition): DefinitionSummary {
  const recipients = (d.recipients && typeof d.recipients === 'object' ? d.recipients : {}) as Record<string, unknown>;
  return {
    title: str(d.title),
    year: str(d.year),
    leadAgency: str(d.leadAgency),
    coSigners: Array.isArray(d.coSigners) ? d.coSigners.map((c) => String(c)) : [],
    coSignMode: str(d.coSignMode) ?? 'parallel',
    coSignDueAt: str(d.coSignDueAt),
    docNumberPrefix: str(d.docNumberPrefix),
    main: Array.isArray(recipients.main) ? recipients.main.length : null,
    cc: Array.isArray(recipients.cc) ? recipients.cc.length : null,
  };
}

/**
 * The shapes of the definition rules' own messages (libs/domain/src/definition-rules.ts,
 * calendar.ts), worded here; anything else goes through errors.ts like every other field.
 */
const SHAPES: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^(\S+) is the lead agency; it cannot co-sign its own notice/, (m) => `${m[1]} 是牵头单位，不能会签本单位的通知`],
  [/^(\S+) is listed twice \(also at coSigners\.(\d+)\)/, (m) => `${m[1]} 重复列出（与第 ${Number(m[2]) + 1} 个相同）`],
  [/^(\S+) is in the past; pass rebaseTo/, (m) => `${m[1]} 已是过去的时间；演练往年的通知请选择演练起始日`],
  [/^(\d{4}-\d{2}-\d{2}) is a public holiday \((.+?)\) in Asia\/Shanghai/, (m) => `${m[1]} 是法定节假日（${m[2]}），催办将在工作日发出`],
  [/^(\d{4}-\d{2}-\d{2}) is a (Saturday|Sunday) in Asia\/Shanghai/, (m) => `${m[1]} 是${m[2] === 'Saturday' ? '星期六' : '星期日'}，催办将在工作日发出`],
];

const inChinese = () => i18n.global.locale.value === 'zh-CN';

function worded(p: FieldProblem): string | null {
  for (const [re, word] of SHAPES) {
    const m = re.exec(p.message);
    if (m) return word(m);
  }
  return null;
}

/** `会签单位 · #4：机构目录中没有该单位（unknown agency code XYZ）`. */
export function problemLine(p: FieldProblem): string {
  const label = p.field === 'body' ? '' : `${fieldLabel(p.field)}：`;
  const w = inChinese() ? worded(p) : null;
  return `${label}${w ?? fieldMessage(p)}`;
}

/** A launch warning in the console's language; one of no known shape keeps the API's words. */
export function warningLine(p: FieldProblem): string {
  const label = `${fieldLabel(p.field)}：`;
  const w = inChinese() ? worded(p) : null;
  return `${label}${w ?? p.message}`;
}
