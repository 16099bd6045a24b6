/**
 * npm run cli -- <command>
 *
 *   token    --agency CAST --role secretariat [--role signer] [--sub name] [--ttl 8h]
 *            Mint a development token (HS256 with AUTH_JWT_SECRET, or the development default).
 *   validate <definition.yaml> [--rebase-to YYYY-MM-DD]
 *            Check a campaign definition with the same rules the API applies (offline).
 *   launch   <definition.yaml> [--rebase-to YYYY-MM-DD] [--api http://localhost:3000] [--token T]
 *   relay    <definition.yaml> --parent <campaign id> [--rebase-with-parent]  (转发 under a parent)
 *            Launch it through the API, as the lead agency's secretariat.
 *   parse    <notice.txt>  > draft.yaml
 *            Read a notice's published text into a draft definition (offline, against the shipped
 *            directory: libs/domain/src/notice-parse.ts): YAML on stdout, what could not be read
 *            as warnings on stderr (and as comments at the top of the YAML).
 *   user add --login L --name N --agency A --role R [--role R2] --password P [--email E]
 *            Add an account (of the console) straight to the database of DATABASE_URL, hashed
 *            as the API hashes (libs/db/src/users/password.ts).
 *   sinks    [--smtp-port 1025] [--webhook-port 4000]
 *            A local SMTP server and webhook receiver that print what arrives: what a newcomer
 *            points SMTP_URL (and a webhook) at to read the system's mail.
 */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import * as yaml from 'js-yaml';
import { DEV_JWT_SECRET } from '@config/config';
import { DIRECTORY } from '@domain/directory.data';
import type { Role } from '@domain/auth';
import { ROLES } from '@domain/auth';
import { mintToken } from '@contract/tokens';
import { LaunchCampaignDto } from '@contract/definition.dto';
import { checkDefinitionRules } from '@domain/definition-rules';
import { rebaseDefinition } from '@domain/rebase';
import { flattenValidationErrors } from '@contract/validation-errors';
import { findTextProblems, nameProblem } from '@domain/text';
import type { ParseWarning } from '@domain/notice-parse';
import { parseNotice } from '@domain/notice-parse';
import { loginProblem, passwordProblem } from '@domain/account';
import { emailProblem } from '@domain/contact';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@db/data-source';
import { agencyExists } from '@db/agencies/agency.queries';
import { insertUser } from '@db/users/user.queries';
import { hashPassword } from '@db/users/password';

const USAGE = `usage:
  npm run cli -- token --agency CODE --role ROLE [--role ROLE] [--sub NAME] [--ttl 8h]
  npm run cli -- validate FILE.yaml [--rebase-to YYYY-MM-DD]
  npm run cli -- launch FILE.yaml [--rebase-to YYYY-MM-DD] [--api URL] [--token JWT]
  npm run cli -- relay FILE.yaml --parent CAMPAIGN_ID [--rebase-with-parent] [--api URL] [--token JWT]
  npm run cli -- parse NOTICE.txt > draft.yaml
  npm run cli -- user add --login L --name N --agency CODE --role ROLE [--role ROLE] --password P [--email E]
  npm run cli -- sinks [--smtp-port 1025] [--webhook-port 4000]`;

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

function secret(): string {
  if (!process.env.AUTH_JWT_SECRET) console.error('note: AUTH_JWT_SECRET is not set; using the development secret');
  return process.env.AUTH_JWT_SECRET || DEV_JWT_SECRET;
}

function ttlSeconds(ttl: string): number {
  const m = /^(\d+)([smhd])?$/.exec(ttl);
  if (!m) fail(`--ttl must look like 3600, 30m, 8h or 7d; got ${ttl}`);
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
}

/** Reads a definition file and checks it as the API would, without the database's clock skew. */
export async function loadDefinition(file: string, rebaseTo?: string): Promise<LaunchCampaignDto> {
  const raw = yaml.load(readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA });
  if (!raw || typeof raw !== 'object') fail(`${file}: not a YAML mapping`);
  const body = { ...(raw as object), ...(rebaseTo && { rebaseTo }) };
  const dto = plainToInstance(LaunchCampaignDto, body);
  const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
  // The API's pipe checks every string first (libs/domain/src/text.ts); so does the CLI.
  const problems = [...findTextProblems(body), ...flattenValidationErrors(errors)].map((e) => `${e.field}: ${e.message}`);
  if (problems.length) fail(`${file} is not a valid definition:\n  ${problems.join('\n  ')}`);
  const def = rebaseTo ? rebaseDefinition(dto, rebaseTo).definition : dto;
  const { errors: ruleErrors, warnings } = checkDefinitionRules(def, new Set(DIRECTORY.map((a) => a.code)), Date.now());
  for (const w of warnings) console.error(`warning: ${w.field}: ${w.message}`);
  if (ruleErrors.length) fail(`${file}:\n  ${ruleErrors.map((e) => `${e.field}: ${e.message}`).join('\n  ')}`);
  return body as LaunchCampaignDto;
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      agency: { type: 'string' },
      role: { type: 'string', multiple: true },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '8h' },
      'rebase-to': { type: 'string' },
      api: { type: 'string', default: process.env.API_URL ?? `http://localhost:${process.env.PORT ?? 3000}` },
      token: { type: 'string' },
      parent: { type: 'string' },
      'rebase-with-parent': { type: 'boolean' },
      login: { type: 'string' },
      name: { type: 'string' },
      password: { type: 'string' },
      email: { type: 'string' },
      'smtp-port': { type: 'string', default: '1025' },
      'webhook-port': { type: 'string', default: '4000' },
    },
  });

  switch (command) {
    case 'token': {
      const agency = values.agency ?? fail(`--agency is required\n${USAGE}`);
      const roles = (values.role ?? []) as Role[];
      if (!roles.length) fail(`--role is required (${ROLES.join(', ')})`);
      const bad = roles.filter((r) => !ROLES.includes(r));
      if (bad.length) fail(`unknown role ${bad.join(', ')}; roles are ${ROLES.join(', ')}`);
      if (!DIRECTORY.some((a) => a.code === agency)) console.error(`warning: ${agency} is not in the shipped directory (it may have been imported)`);
      const sub = values.sub ?? `${agency.toLowerCase()}-${roles.join('-')}`;
      console.log(mintToken({ sub, agency, roles, ttlSeconds: ttlSeconds(values.ttl!) }, secret()));
      return;
    }
    case 'validate': {
      const file = positionals[0] ?? fail(USAGE);
      const def = await loadDefinition(file, values['rebase-to']);
      console.log(`${file}: valid — ${def.title} (lead ${def.leadAgency}, ${def.coSigners.length} co-signers)`);
      return;
    }
    case 'launch': {
      const file = positionals[0] ?? fail(USAGE);
      const def = await loadDefinition(file, values['rebase-to']);
      const token =
        values.token ?? mintToken({ sub: `cli-${def.leadAgency.toLowerCase()}`, agency: def.leadAgency, roles: ['secretariat'] }, secret());
      const res = await fetch(`${values.api}/api/v1/campaigns`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(def),
      });
      const text = await res.text();
      console.log(text);
      if (!res.ok) process.exit(1);
      return;
    }
    case 'relay': {
      // 转发: the definition of the recipient's own notice, launched under the parent campaign.
      const file = positionals[0] ?? fail(USAGE);
      const parent = values.parent ?? fail(`--parent <campaign id> is required\n${USAGE}`);
      const raw = yaml.load(readFileSync(file, 'utf8'), { schema: yaml.CORE_SCHEMA }) as Record<string, any>;
      if (!raw || typeof raw !== 'object') fail(`${file}: not a YAML mapping`);
      // Theme, window and week come from the parent: only the relay's own deadlines are sent.
      const { theme: _theme, milestones, ...rest } = raw;
      const body = {
        ...rest,
        milestones: { summaryDueAt: milestones?.summaryDueAt, closesAt: milestones?.closesAt },
        ...(values['rebase-with-parent'] && { rebaseWithParent: true }),
      };
      const token =
        values.token ?? mintToken({ sub: `cli-${String(raw.leadAgency).toLowerCase()}`, agency: String(raw.leadAgency), roles: ['secretariat'] }, secret());
      const res = await fetch(`${values.api}/api/v1/campaigns/${parent}/relays`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      console.log(await res.text());
      if (!res.ok) process.exit(1);
      return;
    }
    case 'parse': {
      const file = positionals[0] ?? fail(USAGE);
      const { yaml: text, warnings } = draftYaml(readFileSync(file, 'utf8'));
      for (const w of warnings) console.error(`warning: ${file}${w.line === null ? '' : `:${w.line}`}: ${w.message}`);
      process.stdout.write(text);
      return;
    }
    case 'user': {
      if (positionals[0] !== 'add') fail(USAGE);
      await addUser(values);
      return;
    }
    case 'sinks': {
      // Loaded here: smtp-server and mailparser are development dependencies.
      const { startSmtpSink } = await import('@harness/smtp-sink');
      const { startWebhookReceiver } = await import('@harness/webhook-receiver');
      const smtp = await startSmtpSink({
        port: Number(values['smtp-port']),
        onMail: (m) => {
          console.log(`\n✉  to ${m.to.join(', ')}   [${m.kind}]   ${m.messageId}\n   ${m.parsed.subject ?? ''}\n${indent(m.parsed.text ?? '')}`);
        },
      });
      const hooks = await startWebhookReceiver((w) => {
        console.log(`\n⇢  webhook ${String(w.headers['webhook-id'])}   [${w.json?.type ?? '?'}]   signature ${String(w.headers['webhook-signature']).slice(0, 16)}…\n${indent(JSON.stringify(w.json?.data ?? w.body, null, 2))}`);
        return 200;
      }, Number(values['webhook-port']));
      console.log(`SMTP server at ${smtp.url}: start the system with SMTP_URL=${smtp.url}`);
      console.log(`webhook receiver at ${hooks.url}: register it (POST /api/v1/webhooks) with WEBHOOK_ALLOW_PRIVATE=true`);
      console.log('Ctrl-C stops both.');
      await new Promise<void>((resolve) => {
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
      });
      await Promise.all([smtp.close(), hooks.close()]);
      return;
    }
    default:
      fail(USAGE);
  }
}

/**
 * `parse`: a notice's text → the YAML of its draft definition, as campaigns/*.yaml are written (the
 * body a literal block; dates quoted, so no YAML reader takes them for timestamps), headed by what
 * the parser could not read and the facts a definition has no field for, as comments.
 */
export function draftYaml(text: string): { yaml: string; warnings: ParseWarning[] } {
  const { definition, warnings, facts } = parseNotice(text, DIRECTORY);
  const comment = (s: string) => `# ${s.replace(/\n/g, ' ')}`;
  const head = [
    comment(`Draft read by npm run cli -- parse: check it, then npm run cli -- validate / launch.`),
    ...(facts.docNumber ? [comment(`发文字号: ${facts.docNumber}`)] : []),
    ...(facts.writtenOn ? [comment(`成文日期: ${facts.writtenOn}`)] : []),
    ...(facts.printedOn ? [comment(`印发: ${facts.printedBy ?? ''} ${facts.printedOn}`.trim())] : []),
    ...facts.attachments.map((a) => comment(`附件 (line ${a.line}): ${a.title}`)),
    ...warnings.map((w) => comment(`warning${w.line === null ? '' : ` (line ${w.line})`}: ${w.message}`)),
  ];
  const body = yaml.dump(definition, { lineWidth: -1, noRefs: true });
  return { yaml: `${head.join('\n')}\n\n${body}`, warnings };
}

/** `user add`: the rules the API's POST /users applies, then one INSERT through libs/db. */
async function addUser(values: { login?: string; name?: string; agency?: string; role?: string[]; password?: string; email?: string }): Promise<void> {
  const login = (values.login ?? fail(`--login is required\n${USAGE}`)).toLowerCase();
  const name = values.name ?? fail(`--name is required\n${USAGE}`);
  const agency = values.agency ?? fail(`--agency is required\n${USAGE}`);
  const password = values.password ?? fail(`--password is required\n${USAGE}`);
  const roles = values.role ?? [];
  const problems = [
    ...[loginProblem(login)].filter(Boolean).map((p) => `--login ${p}`),
    ...[passwordProblem(password)].filter(Boolean).map((p) => `--password ${p}`),
    ...(name.trim() && !nameProblem(name) ? [] : [`--name ${nameProblem(name) ?? 'is required'}`]),
    ...(values.email !== undefined && emailProblem(values.email) ? [`--email ${emailProblem(values.email)}`] : []),
    ...(roles.length ? [] : [`--role is required (${ROLES.join(', ')})`]),
    ...roles.filter((r) => !(ROLES as readonly string[]).includes(r)).map((r) => `--role ${r} is not one of ${ROLES.join(', ')}`),
  ];
  if (problems.length) fail(problems.join('\n'));
  const url = process.env.DATABASE_URL || fail('DATABASE_URL is required: the account is written to that database');
  const ds = new DataSource(dataSourceOptions(url, { extra: { max: 1 } }));
  await ds.initialize();
  try {
    if (!(await agencyExists(ds, agency))) fail(`--agency: no agency ${agency} in the directory`);
    const user = await insertUser(ds, { login, name, agency, roles, email: values.email ?? null, passwordHash: await hashPassword(password) });
    if (!user) fail(`--login: the login ${login} is taken`);
    console.log(`added ${user.login} (${user.name}) of ${user.agency}: ${user.roles.join(', ')} — id ${user.id}`);
  } finally {
    await ds.destroy();
  }
}

function indent(text: string, lines = 12): string {
  const all = text.trimEnd().split('\n');
  return [...all.slice(0, lines), ...(all.length > lines ? ['…'] : [])].map((l) => `   │ ${l}`).join('\n');
}

if (require.main === module) {
  main().catch((err) => fail(String(err?.stack ?? err)));
}
