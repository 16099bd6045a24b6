import type { DataSource } from 'typeorm';
import { createCoSignActivities } from './co-sign.activities';
import { supervised } from './failures';
import { createYearActivities } from './year.activities';

export * from './co-sign.activities';
export * from './year.activities';
export type { PermanentFailureType } from './failures';

export interface ActivityDeps {
  dataSource: DataSource;
}

/**
 * Every activity the worker registers, built from its dependencies (STYLE: a factory). Each one
 * heartbeats while it runs and reports failures retrying cannot fix as non-retryable
 * (activities/failures.ts): one place decides that for all of them.
 */
export function createActivities(deps: ActivityDeps) {
  return supervised({
    ...createCoSignActivities(deps.dataSource),
    ...createYearActivities(deps.dataSource),
  });
}

export type Activities = ReturnType<typeof createActivities>;
