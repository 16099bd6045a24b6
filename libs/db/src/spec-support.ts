import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { DataSource } from 'typeorm';
import { sha256Hex } from '@domain/hashing';
import type { Milestones } from '@domain/year';
import { dataSourceOptions } from './data-source';
import { insertLaunchedCampaign } from './campaigns/launch';
import { runMigrations } from './migrate';
import { createDatabase, dropDatabase } from './scratch-database';
import type { RecipientSeed } from './recipients/recipient.queries';
import type { Db } from './sql';

/**
 * For libs/db's specs: a connection to the database the global setup migrated, and campaigns made
 * the way a launch makes them. Specs share the database with parallel jest workers: each makes its
 * own campaigns (fresh ids) and reads only those.
 */

export async function openDataSource(): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, { extra: { max: 3 } }));
  await ds.initialize();
  return ds;
}

/**
 * A database of a spec's own, migrated: for what reads the whole outbox (the notification
 * dispatcher plans every message not planned yet, and every spec's worker runs one). On the
 * PostgreSQL server of DATABASE_URL a fresh database, dropped by `drop()`; on the embedded path
 * (PGlite: one database per server) a server of its own in a child process, stopped by `drop()`.
 */
export async function privateDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const shared = process.env.DATABASE_URL!;
  if (process.env.TEST_DATABASE_KIND !== 'pglite') {
    const name = `notices_private_${Date.now()}_${randomUUID().slice(0, 8)}`;
    const url = await createDatabase(shared, name);
    await runMigrations(url);
    return { url, drop: () => dropDatabase(shared, name) };
  }
  // PGlite cannot load inside jest's VM: its own process, as npm start runs it.
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', '-e', `require('@config/embedded-postgres').startEmbeddedPostgres({ port: 0 }).then((pg) => console.log(pg.url))`],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = (await once(child.stdout!, 'data')) as [Buffer];
  const url = line.toString().trim();
  await runMigrations(url);
  return {
    url,
    async drop() {
      child.kill('SIGKILL');
      await once(child, 'exit').catch(() => undefined);
    },
  };
}

/**
 * Whether another connection can run while a transaction is open. Not on the embedded PGlite
 * (`npm test` without DATABASE_URL): its single backend keeps a connection exclusive inside a
 * transaction, so a spec that looks at a row lock from a second connection would wait forever.
 */
export async function concurrentConnections(ds: DataSource): Promise<boolean> {
  const [{ version }] = (await ds.query('SELECT version()')) as { version: string }[];
  return !version.includes('PGlite');
}

export const MILESTONES: Milestones = {
  publicationOpensAt: '2023-08-20T00:00:00+08:00',
  concentratedWeek: { startsAt: '2023-09-16T00:00:00+08:00', endsAt: '2023-09-22T23:59:59+08:00' },
  summaryDueAt: '2023-10-10T18:00:00+08:00',
  closesAt: '2023-12-31T23:59:59+08:00',
};

export interface CampaignSeed {
  lead?: string;
  title?: string;
  signers?: string[];
  recipients?: RecipientSeed[];
  /** A relay of that campaign, by `lead` (a 主送 recipient of it). */
  relayOf?: { id: string; leadAgency: string };
}

/** A campaign in co-signing, stored as insertLaunchedCampaign stores a launch; answers its id. */
export async function seedCampaign(db: Db, s: CampaignSeed = {}): Promise<string> {
  const id = randomUUID();
  const lead = s.lead ?? 'CAST';
  const body = `spec notice ${id}`;
  await insertLaunchedCampaign(db, {
    campaign: {
      id,
      workflowId: `campaign-${id}`,
      title: s.title ?? `spec ${id.slice(0, 8)}`,
      year: 2023,
      leadAgency: lead,
      definition: { milestones: MILESTONES },
      warnings: [],
      noticeSha256: sha256Hex(body),
      coSign: {
        mode: 'parallel',
        dueAt: '2023-08-10T18:00:00+08:00',
        signers: (s.signers ?? []).map((agency, i) => ({ agency, order: i + 1, status: 'pending', comment: null, decidedAt: null, noticeSha256: null, askedAt: null, remindersSent: 0 })),
        signOff: null,
        escalatedAt: null,
      },
      launchedBy: 'spec',
      parentId: s.relayOf?.id ?? null,
      milestones: MILESTONES,
      calendarShiftDays: 0,
    },
    body,
    recipients: s.recipients ?? [],
    relay: s.relayOf ? { parentId: s.relayOf.id, parentLead: s.relayOf.leadAgency, agency: lead } : undefined,
  });
  return id;
}

/** Main recipients (reporting when `reporting` lists them) and cc ones. */
export function recipients(main: string[], cc: string[] = [], reporting: string[] = main): RecipientSeed[] {
  return [...main.map((agency) => ({ agency, role: 'main' as const, reporting: reporting.includes(agency) })), ...cc.map((agency) => ({ agency, role: 'cc' as const, reporting: false }))];
}
