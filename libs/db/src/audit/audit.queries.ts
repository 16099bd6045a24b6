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
/** What an entry's hash covers besides its predecessor's: the entry with its campaign and place, canonically. */
function entryPayload(campaignId: string, seq: number, event: AuditEvent): string {
  return canonicalJson({ campaignId, seq, ...event });
}

export async function appendAuditEntry(m: EntityManager, campaignId: string, seq: number, event: AuditEvent): Promise<string> {
  const payload = entryPayload(campaignId, seq, event);
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

/**
 * The entry a local-activity write puts before its own when it finds entries past the position the
 * workflow's history knows: they were written by a workflow task that never completed (its worker
 * died between the write and the task's completion), so nothing was answered or applied from them.
 * The log stays append-only; this entry says from which to which seq they do not count.
 */
export const SUPERSEDED_ENTRY = 'ledger.superseded';

/** Where appendAuditEntries put the entries: seq of the first and the last. */
export interface AppendedEntries {
  firstSeq: number;
  lastSeq: number;
}

/**
 * Appends `events` as entries seq, seq+1, …, for a workflow that writes from a local activity
 * (workflows/ledger.ts: the write runs inside the workflow task, which records its result only
 * when the task completes). Runs inside the caller's transaction, holding the campaign's row so
 * two writers of one chain never interleave.
 *
 * - Nothing at `seq` yet: appended there, chained to entry seq-1 (which must exist).
 * - The same entries already there: a retry of this very write; answered as they are.
 * - Anything else at `seq` or after: written by a workflow task that never completed — a local
 *   activity's result is lost with its task, and the retried task, with a later workflow time,
 *   writes different entries. A SUPERSEDED_ENTRY after them says so, and `events` follow it; the
 *   answer tells the workflow where they went (it carries on from `lastSeq`).
 */
export async function appendAuditEntries(m: EntityManager, campaignId: string, seq: number, events: readonly AuditEvent[]): Promise<AppendedEntries> {
  if (!events.length) throw new RangeError('appendAuditEntries: no entries to append');
  await m.query('SELECT 1 FROM campaigns WHERE id = $1 FOR UPDATE', [campaignId]);
  const found = await rows<{ seq: number; payload: string; hash: string }>(
    m,
    'SELECT seq, payload, hash FROM audit_log WHERE campaign_id = $1 AND seq >= $2 ORDER BY seq',
    [campaignId, seq - 1],
  );
  const prev = seq > 1 ? found.find((e) => e.seq === seq - 1) : { hash: GENESIS_HASH };
  if (!prev) throw new AuditChainError(`audit entry ${seq - 1} of campaign ${campaignId} is missing`);
  const after = found.filter((e) => e.seq >= seq);
  if (!after.length) return insertChain(m, campaignId, seq, prev.hash, events);
  if (after.length >= events.length && events.every((event, i) => after[i].payload === entryPayload(campaignId, seq + i, event))) return { firstSeq: seq, lastSeq: seq + events.length - 1 };
  const last = after[after.length - 1];
  const superseded: AuditEvent = { type: SUPERSEDED_ENTRY, actor: 'system', at: events[0].at, data: { from: seq, to: last.seq } };
  const written = await insertChain(m, campaignId, last.seq + 1, last.hash, [superseded, ...events]);
  return { firstSeq: written.firstSeq + 1, lastSeq: written.lastSeq };
}

/** Inserts `events` at seq, seq+1, … chained from `prevHash`; the caller holds the chain. */
async function insertChain(m: EntityManager, campaignId: string, seq: number, prevHash: string, events: readonly AuditEvent[]): Promise<AppendedEntries> {
  const values: unknown[] = [];
  const tuples = events.map((event, i) => {
    const payload = entryPayload(campaignId, seq + i, event);
    const hash = entryHash(prevHash, payload);
    values.push(campaignId, seq + i, event.type, event.actor, event.at, payload, prevHash, hash);
    prevHash = hash;
    const b = i * 8;
    return `($${b + 1}::uuid, $${b + 2}::int, $${b + 3}, $${b + 4}, $${b + 5}::timestamptz, $${b + 6}, $${b + 7}, $${b + 8})`;
  });
  await m.query(`INSERT INTO audit_log (campaign_id, seq, type, actor, at, payload, prev_hash, hash) VALUES ${tuples.join(', ')}`, values);
  return { firstSeq: seq, lastSeq: seq + events.length - 1 };
}

/**
 * The sequence number of the campaign's last audit entry (0 before the first), as an SQL
 * expression: `campaignId` is SQL too (a parameter, or a column of the row it is read beside).
 */
export const lastAuditSeqSql = (campaignId: string) => `(SELECT coalesce(max(a.seq), 0)::int FROM audit_log a WHERE a.campaign_id = ${campaignId})`;

/** The sequence number of the campaign's last audit entry (0 before the first): how far its log is written. */
export async function lastAuditSeq(db: Db, campaignId: string): Promise<number> {
  return (await row<{ seq: number }>(db, `SELECT ${lastAuditSeqSql('$1')} AS seq`, [campaignId]))!.seq;
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
