/**
 * The co-signing questions the notice and co-signing pages ask of a campaign, answered as the
 * workflow's rules answer them (libs/domain/src/co-sign.ts): the pages only decide what to offer;
 * the API decides what is done.
 */
import type { Campaign, Signer } from '../../types';
import type { ReminderEntry } from './notice.types';

/** Revisions, decisions and withdrawal are taken until the lead signs off. */
export function isOpen(c: Campaign): boolean {
  return (c.phase === 'co-signing' || c.phase === 'awaiting-sign-off') && !c.coSign.signOff;
}

/**
 * The co-signer may decide now: co-signing is on, its body has not decided on the current text,
 * and it has been asked (sequential mode asks one body at a time, in signature order).
 */
export function isMyTurn(c: Campaign, s: Signer | null): boolean {
  return !!s && c.phase === 'co-signing' && !c.coSign.signOff && s.status === 'pending' && s.askedAt !== null;
}

export function counts(signers: Signer[]): { approved: number; pending: number; rejected: number } {
  const out = { approved: 0, pending: 0, rejected: 0 };
  for (const s of signers) {
    if (s.status === 'approved') out.approved++;
    else if (s.status === 'rejected') out.rejected++;
    else out.pending++;
  }
  return out;
}

/** Every co-signer approved the current text: the lead may sign off. */
export function allApprovedOnCurrent(c: Campaign): boolean {
  return c.coSign.signers.length > 0 && c.coSign.signers.every((s) => s.status === 'approved' && s.noticeSha256 === c.notice.sha256);
}

export function pastDue(c: Campaign, now = Date.now()): boolean {
  return c.coSign.dueAt !== null && Date.parse(c.coSign.dueAt) < now;
}

/** Asked, still pending, and the co-signing deadline has passed while co-signing is on. */
export function isLate(c: Campaign, s: Signer, now = Date.now()): boolean {
  return c.phase === 'co-signing' && s.status === 'pending' && s.askedAt !== null && pastDue(c, now);
}

/** 催办 sent to each co-signer: how many, and the latest. */
export function remindersByAgency(entries: ReminderEntry[]): Map<string, { count: number; latest: string }> {
  const out = new Map<string, { count: number; latest: string }>();
  for (const e of entries) {
    if (e.kind !== 'reminder') continue;
    const seen = out.get(e.to.agency);
    if (!seen) out.set(e.to.agency, { count: 1, latest: e.at });
    else {
      seen.count++;
      if (Date.parse(e.at) > Date.parse(seen.latest)) seen.latest = e.at;
    }
  }
  return out;
}

/** A hash as people compare it at a glance: its first and last characters. */
export function shortHash(sha: string | null | undefined): string {
  return sha ? `${sha.slice(0, 12)}…${sha.slice(-6)}` : '—';
}
