import type { DataSource } from 'typeorm';
import { createCoSignActivities } from './co-sign.activities';
import { createYearActivities } from './year.activities';

export * from './co-sign.activities';
export * from './year.activities';

export interface ActivityDeps {
  dataSource: DataSource;
}

/** Every activity the worker registers, built from its dependencies (STYLE: a factory). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createCoSignActivities(deps.dataSource),
    ...createYearActivities(deps.dataSource),
  };
}

export type Activities = ReturnType<typeof createActivities>;
