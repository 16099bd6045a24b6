import type { EntityManager } from 'typeorm';
import { canonicalJson, entryHash, GENESIS_HASH } from '@domain/audit-chain';
import type { Db } from '../sql';
import { row, rows } from '../sql';
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
 * The chain and its writer disagree: the predecessor of an entry is missing, or a different entry
 * holds its position. No retry can fix that (activities/failures.ts reports it as AUDIT_CHAIN).
 */
export class AuditChainError extends Error {
  override readonly name = 'AuditChainError';
}

/**
 * Appends entry `seq` chained to its predecessor and answers its hash. Runs inside the caller's
 * transaction (with the projection of the same event).
 *
 * Idempotent: a retry finds its own entry and answers its hash — also when it raced an attempt
 * that was presumed lost and wrote first (the primary key serializes the two). Anything else at
 * this position, or a missing predecessor, is an AuditChainError: the workflow records entries
 * strictly in order and never leaves a gap (workflows/ledger.ts).
 */
export async function appendAuditEntry(m: EntityManager, campaignId: string, seq: number, event: AuditEvent): Promise<string> {
  const payload = canonicalJson({ campaignId, seq, ...event });
  const at = (n: number) => row<{ payload: string; hash: string }>(m, 'SELECT payload, hash FROM audit_log WHERE campaign_id = $1 AND seq = $2', [campaignId, n]);
  const mine = async (): Promise<string | null> => {
    const existing = await at(seq);
    if (!existing) return null;
    if (existing.payload !== payload) throw new AuditChainError(`audit entry ${seq} of campaign ${campaignId} is already a different entry`);
    return existing.hash;
  };
  const existing = await mine();
  if (existing) return existing;
  let prevHash = GENESIS_HASH;
  if (seq > 1) {
    const prev = await at(seq - 1);
    if (!prev) throw new AuditChainError(`audit entry ${seq - 1} of campaign ${campaignId} is missing`);
    prevHash = prev.hash;
  }
  const hash = entryHash(prevHash, payload);
  const inserted = await row<{ seq: number }>(
    m,
    `INSERT INTO audit_log (campaign_id, seq, type, actor, at, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (campaign_id, seq) DO NOTHING RETURNING seq`,
    [campaignId, seq, event.type, event.actor, event.at, payload, prevHash, hash],
  );
  return inserted ? hash : (await mine())!;
}

/** The campaign's entries in order, to read and verify (verifyChain). */
export function auditEntries(db: Db, campaignId: string): Promise<AuditEntryEntity[]> {
  return db.getRepository(AuditEntryEntity).find({ where: { campaignId }, order: { seq: 'ASC' } });
}

/** The entries of the given types only, in order, with their data: what a reader of one kind of fact needs (co-signing's, for verification). */
export async function auditFacts(db: Db, campaignId: string, types: readonly string[]): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const found = await rows<{ type: string; payload: string }>(db, `SELECT type, payload FROM audit_log WHERE campaign_id = $1 AND type = ANY($2::text[]) ORDER BY seq`, [campaignId, types]);
  return found.map((r) => ({ type: r.type, data: (JSON.parse(r.payload) as { data?: Record<string, unknown> }).data ?? {} }));
}
