/**
 * The people of a body (contacts): the roles they act in for it, the languages messages are
 * written in, the channels they may want, and the rules for their fields and for an
 * administrator's CSV of them. Pure: the API validates with it, the dispatcher addresses with it.
 */
import { readCsvBody } from './csv';
import type { FieldProblem } from './field-problem';
import { formulaProblem, nameProblem, textProblem } from './text';

export const CONTACT_ROLES = ['secretariat', 'signer', 'recipient', 'reporting-unit'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** Channels a person may ask for. The inbox needs no wish: everyone has it. */
export const CONTACT_CHANNELS = ['email'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/**
 * Which contacts a message addressed to a body in a role goes to: the contacts holding the role;
 * an event's organizer is the body's recipient desk. A body without a contact in the role is
 * reached through its secretariat's contacts (the office that answers for it), else not at all.
 */
export const CONTACT_ROLE_FOR: Record<'signer' | 'secretariat' | 'recipient' | 'organizer' | 'reporting-unit', ContactRole> = {
  signer: 'signer',
  secretariat: 'secretariat',
  recipient: 'recipient',
  organizer: 'recipient',
  'reporting-unit': 'reporting-unit',
};

// ---------------------------------------------------------------------------------------------
// A contact's fields: the rules the API's DTOs attach (libs/contract/src/validators.ts) and the
// CSV import applies row by row, so that a person entered either way is held to the same rules.

export const CONTACT_NAME_MAX = 100;
export const PHONE_MAX = 64;
/** RFC 5321's limits: a path of 256 octets (254 characters of address), a local part of 64. */
export const EMAIL_MAX = 254;
const EMAIL_LOCAL_MAX = 64;

/** A contact as stored: blank optional fields are null, the defaults filled in. */
export interface ContactFields {
  name: string;
  roles: ContactRole[];
  email: string | null;
  phone: string | null;
  language: Language;
  channels: ContactChannel[];
}

/** A contact of an administrator's import: the body it belongs to, and its fields. */
export interface ImportedContact extends ContactFields {
  agency: string;
}

/**
 * The address an SMTP server will take from us: a dot-atom local part (no quoted strings, no
 * comments, no spaces), an `@`, and a host name with a dot and a top-level domain (letters, or
 * an IDN's `xn--` form). ASCII only: not every server speaks SMTPUTF8, and matching addresses
 * case-insensitively (lower() in SQL, toLowerCase() here) then means the same thing everywhere.
 * Deliberately narrower than RFC 5322, which allows what no office mailbox uses.
 */
const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const EMAIL_HOST = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})$/;

/** What is wrong with an e-mail address, as the end of a sentence starting with the field's name, or null. */
export function emailProblem(s: string): string | null {
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return 'must be an e-mail address such as kepuri@cast.org.cn';
  if (s.length > EMAIL_MAX) return `must be an e-mail address of at most ${EMAIL_MAX} characters`;
  const local = s.slice(0, at);
  const host = s.slice(at + 1);
  if (local.length > EMAIL_LOCAL_MAX) return `must be an e-mail address whose part before @ has at most ${EMAIL_LOCAL_MAX} characters`;
  if (!EMAIL_LOCAL.test(local)) return 'must be an e-mail address: before the @, letters, digits and !#$%&\'*+/=?^_`{|}~- with single dots between them (no spaces, quotes or non-ASCII)';
  if (!EMAIL_HOST.test(host)) return 'must be an e-mail address: after the @, a host name with a dot and a top-level domain, such as cast.org.cn';
  return null;
}

/**
 * A telephone number as offices write it: digits with spaces, dashes, brackets and the separators
 * of several numbers or an extension (010-68512519, (0371) 6570 9215, 010-68512519转8001,
 * +86 10 6851 2519). Not parsed further: nothing dials it, a person reads it.
 */
const PHONE = /^(?:[0-9 +()\-/,;#*.]|转|分机|ext\.?|x)+$/i;

export function phoneProblem(s: string): string | null {
  if (s.length > PHONE_MAX) return `must be a telephone number of at most ${PHONE_MAX} characters`;
  if (!/[0-9]/.test(s) || !PHONE.test(s)) return 'must be a telephone number: digits, with spaces, + - ( ) / , ; and 转 or ext for an extension';
  return null;
}

/** `values` each once, in the order of `order` (roles and channels are stored so: the same set is the same value). */
function inOrder<T extends string>(order: readonly T[], values: readonly string[]): T[] {
  return order.filter((v) => values.includes(v));
}

/**
 * A contact as stored, however it was entered (a JSON body, a CSV row): name, e-mail and phone
 * trimmed (blank e-mail and phone are null), roles and channels each once and in a fixed order,
 * the language defaulted, and the channels when none are given (an empty list is a choice: the
 * inbox only). Only for fields that passed the rules above.
 */
export function canonicalContact(c: { name: string; roles: readonly string[]; email?: string | null; phone?: string | null; language?: string | null; channels?: readonly string[] | null }): ContactFields {
  return {
    name: c.name.trim(),
    roles: inOrder(CONTACT_ROLES, c.roles),
    email: c.email?.trim() || null,
    phone: c.phone?.trim() || null,
    language: (c.language || DEFAULT_LANGUAGE) as Language,
    channels: c.channels ? inOrder(CONTACT_CHANNELS, c.channels) : ['email'],
  };
}

/** The key under which one import row and one stored contact are the same person (see importContacts). */
export function contactKey(c: { agency: string; name: string; email: string | null }): string {
  return `${c.agency}\u0000${c.email === null ? '' : c.email.toLowerCase()}\u0000${c.name}`;
}

// ---------------------------------------------------------------------------------------------
// The CSV import: `agency,name,roles,email,phone,language[,channels]`, roles and channels
// separated by `|`. All rows or none: every row is checked before anything is stored.

export const CONTACT_CSV_COLUMNS = ['agency', 'name', 'roles', 'email', 'phone', 'language', 'channels'] as const;
type ContactColumn = (typeof CONTACT_CSV_COLUMNS)[number];
const REQUIRED_CSV_COLUMNS: readonly ContactColumn[] = ['agency', 'name', 'roles'];
/** ~1,000 bodies with a few people each, and room to spare. */
export const MAX_CONTACT_ROWS = 20_000;
/** A refused import names at most this many problems. */
const MAX_LISTED = 200;

/** `a|b|c` as its pieces, trimmed, blanks dropped, each once. */
const pieces = (cell: string) => [...new Set(cell.split('|').map((p) => p.trim()).filter((p) => p !== ''))];

/**
 * The contacts of an administrator's CSV, every row checked (text, the field rules, an agency in
 * the directory — `agencies` — and no person twice), or every problem found, each named
 * `rows.N.column` (N counting data rows from 0) with the file's line in its message. Blank e-mail
 * and phone cells are null; a blank language is zh-CN; a blank or absent channels cell is email.
 */
export function readContactCsv(body: unknown, agencies: ReadonlySet<string>): { contacts: ImportedContact[] } | { problems: FieldProblem[] } {
  const parsed = readCsvBody(body, `send the contacts as text/csv: a header row (${CONTACT_CSV_COLUMNS.join(',')}) and one person per line`);
  if ('problems' in parsed) return parsed;
  const [header = [], ...data] = parsed.records;
  const headerProblems: FieldProblem[] = [];
  const seen = new Set<string>();
  const columns = header.map((h, i) => {
    const name = CONTACT_CSV_COLUMNS.find((c) => c.toLowerCase() === h.trim().toLowerCase());
    if (!name) headerProblems.push({ field: `header.${i}`, message: `unknown column “${h}” (line 1); the columns are ${CONTACT_CSV_COLUMNS.join(',')}` });
    else if (seen.has(name)) headerProblems.push({ field: `header.${i}`, message: `column ${name} appears twice (line 1)` });
    if (name) seen.add(name);
    return name;
  });
  const missing = REQUIRED_CSV_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length) headerProblems.push({ field: 'header', message: `line 1 must name the columns ${missing.join(', ')} (the header: ${CONTACT_CSV_COLUMNS.join(',')})` });
  if (headerProblems.length) return { problems: headerProblems };
  if (!data.length) return { problems: [{ field: 'rows', message: 'the CSV has a header but no rows' }] };
  if (data.length > MAX_CONTACT_ROWS) return { problems: [{ field: 'rows', message: `${data.length} rows; at most ${MAX_CONTACT_ROWS} per import: split the file` }] };

  const problems: FieldProblem[] = [];
  const contacts: ImportedContact[] = [];
  const firstLine = new Map<string, number>();
  for (let i = 0; i < data.length && problems.length < MAX_LISTED; i++) {
    const line = parsed.lines[i + 1];
    const record = data[i];
    if (record.length !== columns.length) {
      problems.push({ field: `rows.${i}`, message: `line ${line} has ${record.length} fields; the header has ${columns.length}` });
      continue;
    }
    const cells = {} as Record<ContactColumn, string>;
    for (const c of CONTACT_CSV_COLUMNS) cells[c] = '';
    for (let k = 0; k < columns.length; k++) cells[columns[k]!] = record[k].trim();
    const before = problems.length;
    const at = (column: ContactColumn, message: string) => problems.push({ field: `rows.${i}.${column}`, message: `line ${line}: ${message}` });
    // Text first (names held to the name rule); no cell may start like a spreadsheet formula.
    const bad = new Set<ContactColumn>();
    for (const c of CONTACT_CSV_COLUMNS) {
      const problem = (c === 'name' ? nameProblem(cells[c]) : textProblem(cells[c])) ?? formulaProblem(cells[c]);
      if (problem) {
        at(c, `${c} ${problem}`);
        bad.add(c);
      }
    }
    const ok = (c: ContactColumn) => !bad.has(c);
    const { agency, name, email, phone, language } = cells;
    if (ok('agency')) {
      if (!agency) at('agency', 'agency is required: the code of a body in the directory, e.g. HA_CAST');
      else if (!agencies.has(agency)) at('agency', `agency ${agency} is not in the directory`);
    }
    if (ok('name')) {
      if (!name) at('name', 'name is required');
      else if (name.length > CONTACT_NAME_MAX) at('name', `name must be at most ${CONTACT_NAME_MAX} characters`);
    }
    const roles = pieces(cells.roles);
    if (ok('roles')) {
      const unknown = roles.filter((r) => !(CONTACT_ROLES as readonly string[]).includes(r));
      if (!roles.length) at('roles', `roles is required: one or more of ${CONTACT_ROLES.join('|')}`);
      else if (unknown.length) at('roles', `unknown role ${unknown.map((r) => `“${r}”`).join(', ')}; roles are ${CONTACT_ROLES.join('|')}`);
    }
    if (ok('email') && email) {
      const problem = emailProblem(email);
      if (problem) at('email', `email ${problem}`);
    }
    if (ok('phone') && phone) {
      const problem = phoneProblem(phone);
      if (problem) at('phone', `phone ${problem}`);
    }
    if (ok('language') && language && !(LANGUAGES as readonly string[]).includes(language)) at('language', `language must be one of ${LANGUAGES.join(', ')} (blank: ${DEFAULT_LANGUAGE})`);
    const channels = pieces(cells.channels);
    if (ok('channels')) {
      const unknown = channels.filter((c) => !(CONTACT_CHANNELS as readonly string[]).includes(c));
      if (unknown.length) at('channels', `unknown channel ${unknown.map((c) => `“${c}”`).join(', ')}; channels are ${CONTACT_CHANNELS.join('|')}`);
    }
    if (problems.length > before) continue;
    const contact: ImportedContact = { agency, ...canonicalContact({ name, roles, email, phone, language, channels: channels.length ? channels : null }) };
    // The same person twice would be matched to one stored contact twice: refused, not guessed.
    const key = contactKey(contact);
    const earlier = firstLine.get(key);
    if (earlier !== undefined) {
      at(contact.email ? 'email' : 'name', `the same person as line ${earlier} (same agency, name and e-mail); list each person once`);
      continue;
    }
    firstLine.set(key, line);
    contacts.push(contact);
  }
  return problems.length ? { problems } : { contacts };
}
