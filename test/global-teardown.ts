// Runs in jest's main process, outside its module mapper: resolve tsconfig.json's path aliases here.
import 'tsconfig-paths/register';
/**
 * Jest globalTeardown: stops what global-setup.ts started (same process, handles on globalThis).
 * Each step is independent: one failing does not keep the others from running.
 */
import { rm } from 'node:fs/promises';
import { dropDatabase } from '@db/scratch-database';
import { testInfra } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const infra = testInfra();
  const steps: Array<[string, () => Promise<void>]> = [];

  if (infra.temporal) {
    const temporal = infra.temporal;
    steps.push(['stop the Temporal dev server', () => temporal.stop()]);
  }
  if (infra.embeddedPg) {
    const pg = infra.embeddedPg;
    steps.push(['stop the embedded PostgreSQL', () => pg.stop()]);
  }
  if (infra.createdDb) {
    const { adminUrl, name } = infra.createdDb;
    steps.push([`drop database ${name}`, () => dropDatabase(adminUrl, name)]);
  }
  if (infra.bundleDir) {
    const dir = infra.bundleDir;
    steps.push(['remove the workflow bundle', () => rm(dir, { recursive: true, force: true })]);
  }

  const results = await Promise.allSettled(steps.map(([, run]) => run()));
  results.forEach((r, i) => {
    if (r.status === 'rejected') console.warn(`[global-teardown] could not ${steps[i][0]}: ${(r.reason as Error).message}`);
  });
  for (const key of Object.keys(infra) as Array<keyof typeof infra>) delete infra[key];
}
