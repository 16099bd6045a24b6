import { sha256Hex } from './hashing';

/**
 * The audit log is append-only and hash-chained: each entry carries the SHA-256 of the previous
 * entry, and its own hash covers that plus its canonical payload. Changing, removing or reordering
 * any stored entry breaks verification from that point on.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same value always gives the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function entryHash(prevHash: string, payload: string): string {
  return sha256Hex(`${prevHash}\n${payload}`);
}

export interface ChainedEntry {
  seq: number;
  payload: string;
  prevHash: string;
  hash: string;
}

export interface ChainVerification {
  verified: boolean;
  /** seq of the first entry that does not verify, when verified is false. */
  brokenAt: number | null;
  reason: string | null;
}

export function verifyChain(entries: ChainedEntry[]): ChainVerification {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  for (const e of entries) {
    if (e.seq !== expectedSeq) return { verified: false, brokenAt: e.seq, reason: `expected seq ${expectedSeq}, found ${e.seq}` };
    if (e.prevHash !== prev) return { verified: false, brokenAt: e.seq, reason: 'prevHash does not match the previous entry' };
    if (entryHash(prev, e.payload) !== e.hash) return { verified: false, brokenAt: e.seq, reason: 'hash does not match the payload' };
    prev = e.hash;
    expectedSeq++;
  }
  return { verified: true, brokenAt: null, reason: null };
}
