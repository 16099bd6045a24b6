import type { EntityManager } from 'typeorm';
import { canonicalJson, entryHash, GENESIS_HASH } from '@domain/audit-chain';
import type { Db } from '../sql';
import { row } from '../sql';
import { AuditEntryEntity } from './audit-entry.entity';

/** The hash-chained, append-only audit log of a campaign. */

export interface AuditEvent {
  type: string;
  /** JWT sub of the person, or 'system' for timers. */
  actor: string;
  at: string;
  data: Record<string, unknown>;
}

/**
 * Appends entry `seq` chained to its predecessor and answers its hash; a retry finds its entry
 * already there and answers the same hash. Runs inside the caller's transaction (with the
 * projection of the same event).
 */
export async function appendAuditEntry(m: EntityManager, campaignId: string, seq: number, event: AuditEvent): Promise<string> {
  const hashAt = (n: number) => row<{ hash: string }>(m, 'SELECT hash FROM audit_log WHERE campaign_id = $1 AND seq = $2', [campaignId, n]);
  const existing = await hashAt(seq);
  if (existing) return existing.hash;
  let prevHash = GENESIS_HASH;
  if (seq > 1) {
    const prev = await hashAt(seq - 1);
    // The workflow records in order, so this only happens if something is badly wrong: retry.
    if (!prev) throw new Error(`audit entry ${seq - 1} of campaign ${campaignId} is missing`);
    prevHash = prev.hash;
  }
  const payload = canonicalJson({ campaignId, seq, ...event });
  const hash = entryHash(prevHash, payload);
  await m.query(
    `INSERT INTO audit_log (campaign_id, seq, type, actor, at, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [campaignId, seq, event.type, event.actor, event.at, payload, prevHash, hash],
  );
  return hash;
}

/** The campaign's entries in order, to read and verify (verifyChain). */
export function auditEntries(db: Db, campaignId: string): Promise<AuditEntryEntity[]> {
  return db.getRepository(AuditEntryEntity).find({ where: { campaignId }, order: { seq: 'ASC' } });
}
