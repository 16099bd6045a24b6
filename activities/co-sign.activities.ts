import { log } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import { canonicalJson, entryHash, GENESIS_HASH } from '@domain/audit-chain';
import type { CoSignState } from '@domain/co-sign';
import { formatDocNumber } from '@domain/doc-number';
import { shanghaiYear } from '@domain/time';
import type { CoSignProjection } from '@db/entities/campaign.entity';
import type { NotificationKind, NotificationRole } from '@db/entities/notification.entity';
import { auditChainFailure } from './failures';

export interface AuditEvent {
  type: string;
  /** JWT sub of the person, or 'system' for timers. */
  actor: string;
  at: string;
  data: Record<string, unknown>;
}

export interface RecordEventInput {
  campaignId: string;
  /** Assigned by the workflow, strictly increasing from 1: the audit entry's position in the chain. */
  seq: number;
  event: AuditEvent;
  /** The workflow state right after the event: projected for reading. */
  state: CoSignState;
  noticeVersion?: { version: number; sha256: string; note: string | null; by: string; at: string };
}

export interface NotificationInput {
  /** Unique per real-world message: a retried activity never writes a message twice. */
  key: string;
  agency: string;
  role: NotificationRole;
  kind: NotificationKind;
  reason: string;
  at: string;
}

export interface IssueInput {
  campaignId: string;
  prefix: string;
  /** The sign-off instant (workflow time): the issue date, and the year the number counts in. */
  at: string;
}

export interface IssueResult {
  docNumber: string;
  sequence: number;
  issuedAt: string;
}

function projection(state: CoSignState): CoSignProjection {
  return {
    mode: state.mode,
    dueAt: state.dueAt,
    signers: state.signers,
    signOff: state.signOff,
    escalatedAt: state.escalatedAt,
  };
}

/**
 * Appends one audit entry chained to its predecessor. Runs inside the caller's transaction.
 *
 * Idempotent: a retried attempt finds its own entry and returns its hash — also when it raced an
 * attempt that was presumed lost and wrote first (the primary key serializes the two). Anything
 * else at this position, or a missing predecessor, means the chain and the workflow disagree; no
 * retry can fix that, so it fails for good (the workflow records entries strictly in order and
 * never leaves a gap, workflows/ledger.ts).
 */
export async function appendAudit(m: EntityManager, campaignId: string, seq: number, event: AuditEvent): Promise<string> {
  const payload = canonicalJson({ campaignId, seq, ...event });
  const mine = async (): Promise<string | null> => {
    const rows: { payload: string; hash: string }[] = await m.query('SELECT payload, hash FROM audit_log WHERE campaign_id = $1 AND seq = $2', [campaignId, seq]);
    if (!rows[0]) return null;
    if (rows[0].payload !== payload) throw auditChainFailure(`audit entry ${seq} of campaign ${campaignId} is already a different entry`);
    return rows[0].hash;
  };
  const existing = await mine();
  if (existing) return existing;
  let prevHash = GENESIS_HASH;
  if (seq > 1) {
    const prev: { hash: string }[] = await m.query('SELECT hash FROM audit_log WHERE campaign_id = $1 AND seq = $2', [campaignId, seq - 1]);
    if (!prev.length) throw auditChainFailure(`audit entry ${seq - 1} of campaign ${campaignId} is missing`);
    prevHash = prev[0].hash;
  }
  const hash = entryHash(prevHash, payload);
  const inserted: unknown[] = await m.query(
    `INSERT INTO audit_log (campaign_id, seq, type, actor, at, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (campaign_id, seq) DO NOTHING RETURNING seq`,
    [campaignId, seq, event.type, event.actor, event.at, payload, prevHash, hash],
  );
  return inserted.length ? hash : (await mine())!;
}

/**
 * What the co-signing workflow does to the world. Every activity is idempotent under retries:
 * audit entries are keyed by (campaign, seq), notifications by their key, and a campaign keeps
 * the number it was given.
 */
export function createCoSignActivities(ds: DataSource) {
  return {
    /** Appends the audit entry (chained to the previous one) and projects the state, atomically. */
    async recordCoSignEvent(input: RecordEventInput): Promise<{ hash: string }> {
      const { campaignId, seq, event, state, noticeVersion } = input;
      return ds.transaction(async (m) => {
        const hash = await appendAudit(m, campaignId, seq, event);
        if (noticeVersion) {
          await m.query(
            `INSERT INTO notice_versions (campaign_id, version, sha256, note, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (campaign_id, version) DO NOTHING`,
            [campaignId, noticeVersion.version, noticeVersion.sha256, noticeVersion.note, noticeVersion.by, noticeVersion.at],
          );
        }
        await m.query(
          `UPDATE campaigns
              SET phase = $2, notice_version = $3, notice_sha256 = $4, co_sign = $5, withdrawal = $6,
                  state_version = $7, updated_at = now()
            WHERE id = $1 AND state_version < $7`,
          [
            campaignId,
            state.phase,
            state.notice.version,
            state.notice.sha256,
            JSON.stringify(projection(state)),
            state.withdrawal ? JSON.stringify(state.withdrawal) : null,
            seq,
          ],
        );
        return { hash };
      });
    },

    /**
     * Appends an audit entry and projects nothing: what the workflow notes when something could
     * not be done (a refused command, a failed activity), in the place the failed entry would have had.
     */
    async recordEntry(input: { campaignId: string; seq: number; event: AuditEvent }): Promise<{ hash: string }> {
      return ds.transaction(async (m) => ({ hash: await appendAudit(m, input.campaignId, input.seq, input.event) }));
    },

    /** Writes messages to the outbox; delivery channels pick them up from there. */
    async notify(input: { campaignId: string; notifications: NotificationInput[] }): Promise<number> {
      const { campaignId, notifications } = input;
      if (!notifications.length) return 0;
      const values: unknown[] = [];
      const rows = notifications.map((n, i) => {
        values.push(campaignId, n.key, n.agency, n.role, n.kind, n.reason, n.at);
        const b = i * 7;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7})`;
      });
      const inserted: unknown[] = await ds.query(
        `INSERT INTO notifications (campaign_id, idempotency_key, agency, role, kind, reason, created_at)
         VALUES ${rows.join(', ')} ON CONFLICT (idempotency_key) DO NOTHING RETURNING id`,
        values,
      );
      log.info('notifications written to outbox', { campaignId, count: inserted.length, kinds: [...new Set(notifications.map((n) => n.kind))] });
      return inserted.length;
    },

    /**
     * Gives the campaign the next number of (prefix, year). The counter row is locked by the
     * upsert and the number is stored with the campaign in the same transaction, so numbers are
     * unique and gapless even when many campaigns are issued at once; a retry returns the number
     * already given.
     */
    async issueDocNumber(input: IssueInput): Promise<IssueResult> {
      const { campaignId, prefix, at } = input;
      const year = shanghaiYear(at);
      return ds.transaction(async (m) => {
        const rows: { doc_number: string | null; doc_sequence: number | null; issued_at: Date | null }[] = await m.query(
          'SELECT doc_number, doc_sequence, issued_at FROM campaigns WHERE id = $1 FOR UPDATE',
          [campaignId],
        );
        if (!rows.length) throw new Error(`campaign ${campaignId} not found`);
        const row = rows[0];
        if (row.doc_number) {
          return { docNumber: row.doc_number, sequence: row.doc_sequence!, issuedAt: new Date(row.issued_at!).toISOString() };
        }
        const [{ last_number: sequence }]: { last_number: number }[] = await m.query(
          `INSERT INTO doc_number_sequences (prefix, year, last_number) VALUES ($1, $2, 1)
           ON CONFLICT (prefix, year) DO UPDATE SET last_number = doc_number_sequences.last_number + 1, updated_at = now()
           RETURNING last_number`,
          [prefix, year],
        );
        const docNumber = formatDocNumber(prefix, year, sequence);
        await m.query(
          `UPDATE campaigns SET doc_number = $2, doc_prefix = $3, doc_year = $4, doc_sequence = $5, issued_at = $6 WHERE id = $1`,
          [campaignId, docNumber, prefix, year, sequence, at],
        );
        log.info('document number issued', { campaignId, docNumber });
        return { docNumber, sequence, issuedAt: new Date(at).toISOString() };
      });
    },
  };
}
