/**
 * The contacts (联系方式) of a notice: each office with its people (联系人), phones (电话), e-mail,
 * postal address and postcode, as campaigns/*.yaml hold them. Pure; see notice-parse.ts.
 */
import { emailProblem, phoneProblem } from './contact';
import type { Line } from './notice-parse-lines';
import { compact, CONTACT_LABEL, HEADING_1, HEADING_2, isContactLine } from './notice-parse-lines';
import type { ParseProblem } from './notice-parse-issuers';

export interface ParsedContact {
  office: string;
  people?: string[];
  phones?: string[];
  email?: string;
  address?: string;
  postcode?: string;
}

const FIELD: readonly (readonly [RegExp, keyof Omit<ParsedContact, 'office'>])[] = [
  [/^联系人$/, 'people'],
  [/^(联系电话|电话|手机|传真)$/, 'phones'],
  [/^(电子邮箱|电子邮件|邮箱|E-?mail)$/i, 'email'],
  [/^(邮寄地址|通讯地址|地址)$/, 'address'],
  [/^(邮编|邮政编码)$/, 'postcode'],
];

/** Dashes of every width between area code and number, as an ASCII hyphen (0371—65709215). */
function phoneList(value: string): string[] {
  const out: string[] = [];
  let area = '';
  for (const raw of value.split(/[\s、，,；;/]+/).filter(Boolean)) {
    const p = raw.replace(/[—–－‐―ー]/g, '-').replace(/[（(]/g, '').replace(/[)）]/g, '-').replace(/-+/g, '-').replace(/-$/, '');
    const m = /^(0\d{2,3})-/.exec(p);
    if (m) area = m[1];
    // A second number printed without its area code shares the first's (0371-65709215 65707550).
    out.push(!m && area && /^\d{7,8}$/.test(p) ? `${area}-${p}` : p);
  }
  return out;
}

/** The fields of one line: `联 系 人：王晓萌  刘天扬`, also several on one line (`联系人：张三，电话：…`). */
function fieldsOf(text: string): { key: keyof Omit<ParsedContact, 'office'>; value: string }[] {
  const out: { key: keyof Omit<ParsedContact, 'office'>; value: string }[] = [];
  const trimmed = text.trim();
  // Labels may be printed letter-spaced (联 系 人, 邮    编): find them on the compacted line.
  const parts = trimmed.split(/[，,；;]\s*(?=[^，,；;]{1,12}[：:])/);
  for (const part of parts) {
    const m = /^([^：:]{1,16})[：:]\s*(.*)$/.exec(part.trim());
    if (!m) continue;
    const label = compact(m[1]);
    const field = FIELD.find(([re]) => re.test(label));
    if (field) out.push({ key: field[1], value: m[2].trim() });
  }
  return out;
}

/**
 * Contacts among the body's lines: a contact is an office line (short, no sentence) followed by
 * field lines; field lines with no office line above them belong to `fallbackOffice`.
 */
export function readContacts(lines: readonly Line[], fallbackOffice: string | null): { contacts: ParsedContact[]; problems: ParseProblem[] } {
  const contacts: ParsedContact[] = [];
  const problems: ParseProblem[] = [];
  let current: ParsedContact | null = null;
  let office: { text: string; no: number } | null = null;
  for (const l of lines) {
    const c = compact(l.text);
    if (c === '') continue;
    if (!isContactLine(l.text) && !CONTACT_LABEL.test(c)) {
      current = null;
      office = c.length <= 40 && !/[。；]/.test(c) && !/[：:]$/.test(c) && !HEADING_1.test(c) && !HEADING_2.test(c) ? { text: l.text.trim(), no: l.no } : null;
      continue;
    }
    if (!current) {
      const name = office?.text ?? fallbackOffice;
      if (!name) {
        problems.push({ line: l.no, message: 'contact details with no office above them; not taken' });
        continue;
      }
      if (!office) problems.push({ line: l.no, message: `contact details with no office above them: taken as ${name}'s` });
      current = { office: name };
      contacts.push(current);
      office = null;
    }
    for (const { key, value } of fieldsOf(l.text)) {
      if (!value) continue;
      if (key === 'people') current.people = [...(current.people ?? []), ...value.split(/[\s、，,；;]+/).filter(Boolean)];
      else if (key === 'phones') {
        const phones = phoneList(value);
        for (const p of phones) {
          const problem = phoneProblem(p);
          if (problem) problems.push({ line: l.no, message: `phone ${p}: ${problem}` });
        }
        current.phones = [...(current.phones ?? []), ...phones.filter((p) => !phoneProblem(p))];
      } else if (key === 'email') {
        const problem = emailProblem(value);
        if (problem) problems.push({ line: l.no, message: `e-mail ${value}: ${problem}` });
        else current.email = value;
      } else if (key === 'postcode') current.postcode = value.replace(/\s+/g, '');
      else current.address = value;
    }
  }
  return { contacts, problems };
}
