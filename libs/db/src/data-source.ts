import 'reflect-metadata';
import type { DataSourceOptions } from 'typeorm';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { CoSigning1763900000000 } from './migrations/1763900000000-CoSigning';
import { SeedAgencies1763900000001 } from './migrations/1763900000001-SeedAgencies';
import { CampaignYear1763900000002 } from './migrations/1763900000002-CampaignYear';
import { SeedDirectory1763900000003 } from './migrations/1763900000003-SeedDirectory';
import { PrefixOwnersAndImportBatches1763900000004 } from './migrations/1763900000004-PrefixOwnersAndImportBatches';
import { NotificationFacts1763900000005 } from './migrations/1763900000005-NotificationFacts';
import { RenameActivitiesToCampaignEvents1763900000006 } from './migrations/1763900000006-RenameActivitiesToCampaignEvents';
import { Delivery1763900000007 } from './migrations/1763900000007-Delivery';
import { Accounts1763900000008 } from './migrations/1763900000008-Accounts';
import { RenderedNotices1763900000009 } from './migrations/1763900000009-RenderedNotices';
import { InternalSteps1763900000010 } from './migrations/1763900000010-InternalSteps';
import { NoticeComments1763900000011 } from './migrations/1763900000011-NoticeComments';

export const MIGRATIONS = [
  CoSigning1763900000000,
  SeedAgencies1763900000001,
  CampaignYear1763900000002,
  SeedDirectory1763900000003,
  PrefixOwnersAndImportBatches1763900000004,
  NotificationFacts1763900000005,
  RenameActivitiesToCampaignEvents1763900000006,
  Delivery1763900000007,
  Accounts1763900000008,
  RenderedNotices1763900000009,
  InternalSteps1763900000010,
  NoticeComments1763900000011,
];

/** One definition of the connection, used by the API, the worker, the migration runner and tests. */
export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: Number(process.env.DATABASE_POOL_SIZE ?? 10) },
    ...extra,
  } as DataSourceOptions;
}

/** For the TypeORM CLI: `npx typeorm -d dist/libs/db/src/data-source.js migration:show`. */
export default new DataSource(dataSourceOptions(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'));
