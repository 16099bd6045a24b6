// Runs in jest's main process, outside its module mapper: resolve tsconfig.json's path aliases here.
import 'tsconfig-paths/register';
/**
 * Jest globalSetup: runs once, in the main jest process, before any test file. Test workers are
 * forked afterwards and inherit what we put into process.env:
 *
 *  - TEMPORAL_ADDRESS           a dev server (started here on a free port unless already set)
 *  - TEMPORAL_CLI_PATH          the `temporal` CLI
 *  - TEMPORAL_TEST_SERVER_PATH  the time-skipping test server, for
 *      TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } })
 *  - DATABASE_URL               a fresh, migrated database: `notices_test_<ts>_<pid>` on the server of
 *                               the given DATABASE_URL (dropped afterwards), else in-memory PGlite
 *  - TEST_DATABASE_KIND         `postgres` or `pglite` (one transaction at a time: a spec that holds
 *                               a lock mid-transaction needs `postgres`)
 *  - WORKFLOW_BUNDLE_PATH       the workflows bundled once: Worker.create({ workflowBundle: { codePath } })
 *  - WEB_DIR                    the web console built once (apps/web, Vite), into the same temp dir:
 *                               the API of every spec serves it at /, as `npm start` serves dist/web
 *
 * global-teardown.ts stops what was started here (same process: handles are kept on globalThis).
 */
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { EmbeddedPostgres } from '@config/embedded-postgres';
import { startEmbeddedPostgres } from '@config/embedded-postgres';
import { findTemporalCli, findTemporalTestServer } from '@config/temporal-binaries';
import type { TemporalDevServer } from '@config/temporal-dev-server';
import { stablePort, startTemporalDevServer } from '@config/temporal-dev-server';
import { runMigrations } from '@db/migrate';
import { createDatabase } from '@db/scratch-database';
import { workflowSource } from '@temporal/workflow-source';

export interface TestInfra {
  temporal?: TemporalDevServer;
  embeddedPg?: EmbeddedPostgres;
  /** A database created on an external server, to drop in teardown. */
  createdDb?: { adminUrl: string; name: string };
  /** Temp dir holding the workflow bundle. */
  bundleDir?: string;
}

export const TEST_INFRA_KEY = '__jointNoticesTestInfra';

export function testInfra(): TestInfra {
  const g = globalThis as unknown as Record<string, TestInfra | undefined>;
  return (g[TEST_INFRA_KEY] ??= {});
}

const log = (msg: string) => console.info(`[global-setup] ${msg}`);

export default async function globalSetup(): Promise<void> {
  const infra = testInfra();
  const t0 = Date.now();
  console.info(''); // jest prints the setup right after its own "Determining test suites" line
  try {
    // Independent: run them side by side (the bundle alone takes a few seconds).
    await Promise.all([setUpTemporal(infra), setUpDatabase(infra), bundleWorkflows(infra).then(() => buildConsole(infra))]);
  } catch (err) {
    // Jest does not run globalTeardown when globalSetup fails: clean up here.
    const { default: globalTeardown } = await import('./global-teardown');
    await globalTeardown().catch(() => undefined);
    throw err;
  }
  log(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

async function setUpTemporal(infra: TestInfra): Promise<void> {
  // Binaries: set the env vars when found (installing project-locally if needed). A missing
  // test server only breaks the tests that need it, so warn rather than fail the whole run.
  const [testServer, cli] = await Promise.allSettled([findTemporalTestServer(), findTemporalCli()]);
  if (testServer.status === 'fulfilled') process.env.TEMPORAL_TEST_SERVER_PATH = testServer.value;
  else console.warn(`[global-setup] no time-skipping test server: ${(testServer.reason as Error).message}`);
  if (cli.status === 'fulfilled') process.env.TEMPORAL_CLI_PATH = cli.value;

  if (process.env.TEMPORAL_ADDRESS) {
    log(`Temporal: using TEMPORAL_ADDRESS=${process.env.TEMPORAL_ADDRESS}`);
    return;
  }
  // uiPort 0 = headless. startTemporalDevServer falls back to the SDK download without a CLI.
  // Below the ephemeral range (stablePort): the server's own random ports for its services are ephemeral.
  infra.temporal = await startTemporalDevServer({ port: await stablePort(), uiPort: 0 });
  process.env.TEMPORAL_ADDRESS = infra.temporal.address;
  log(`Temporal: started a dev server at ${infra.temporal.address} (${infra.temporal.kind})`);
}

async function setUpDatabase(infra: TestInfra): Promise<void> {
  const given = process.env.DATABASE_URL;
  if (given) {
    const name = `notices_test_${Date.now()}_${process.pid}`;
    process.env.DATABASE_URL = await createDatabase(given, name);
    process.env.TEST_DATABASE_KIND = 'postgres';
    infra.createdDb = { adminUrl: given, name };
    log(`database: created ${name} on ${new URL(given).host}`);
  } else {
    infra.embeddedPg = await startEmbeddedPostgres({ port: 0 });
    process.env.DATABASE_URL = infra.embeddedPg.url;
    process.env.TEST_DATABASE_KIND = 'pglite';
    log(`database: DATABASE_URL not set, using in-memory embedded PostgreSQL (PGlite) at ${infra.embeddedPg.url}`);
  }
  await runMigrations(process.env.DATABASE_URL);
  log('database: migrated');
}

async function bundleWorkflows(infra: TestInfra): Promise<void> {
  const { code } = await bundleWorkflowCode({
    ...workflowSource(),
    logger: new DefaultLogger('WARN'), // webpack's module list at INFO is noise here
  });
  infra.bundleDir = await mkdtemp(path.join(tmpdir(), 'notices-workflows-'));
  const codePath = path.join(infra.bundleDir, 'workflow-bundle.js');
  await writeFile(codePath, code);
  process.env.WORKFLOW_BUNDLE_PATH = codePath;
  log(`workflows bundled: ${codePath}`);
}

/** The console as `npm run build:web` builds it, into the bundle's temp dir (dist/web is left alone). */
async function buildConsole(infra: TestInfra): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const outDir = path.join(infra.bundleDir!, 'web');
  await promisify(execFile)(
    process.execPath,
    [path.join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '-c', 'apps/web/vite.config.mts', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: root, maxBuffer: 16 * 1024 * 1024 },
  );
  process.env.WEB_DIR = outDir;
  log(`web console built: ${outDir}`);
}
