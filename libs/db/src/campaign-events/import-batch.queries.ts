import type { EntityManager } from 'typeorm';
import type { Db } from '../sql';
import { ImportBatchEntity } from './import-batch.entity';

/**
 * Batches of a bulk import sent with an Idempotency-Key (the IETF draft): the batch id is derived
 * from the key (libs/domain/src/campaign-event-import.ts), and what the upload carried is kept as
 * a fingerprint, so the same upload sent again is told apart from the key reused with other rows.
 */

export type ImportBatch = Pick<ImportBatchEntity, 'batch' | 'campaignId' | 'organizer' | 'fingerprint' | 'rowCount'>;

/**
 * Serializes deliveries of one batch until the caller's transaction ends: a second delivery of the
 * same upload waits here, then finds the first one's batch and rows.
 */
export async function lockImportBatch(m: EntityManager, batch: string): Promise<void> {
  await m.query('SELECT pg_advisory_xact_lock(hashtext($1))', [batch]);
}

export function findImportBatch(db: Db, batch: string): Promise<ImportBatchEntity | null> {
  return db.getRepository(ImportBatchEntity).findOneBy({ batch });
}

export async function recordImportBatch(db: Db, b: ImportBatch): Promise<void> {
  await db.getRepository(ImportBatchEntity).insert(b);
}
