import { log } from '@temporalio/activity';
import type { DataSource, EntityManager } from 'typeorm';
import type { CoSignState } from '@domain/co-sign';
import type { AppendedEntries, AuditEvent } from '@db/audit/audit.queries';
import { appendAuditEntries, appendAuditEntry } from '@db/audit/audit.queries';
import type { CoSignStateProjection } from '@db/campaigns/campaign.queries';
import { projectCoSignState } from '@db/campaigns/campaign.queries';
import { recordNoticeVersion } from '@db/campaigns/notice.queries';
import { issueDocNumber } from '@db/doc-numbers/doc-number.queries';
import type { OutboxMessage } from '@db/notifications/outbox';
import { writeNotifications } from '@db/notifications/outbox';
import type { NotificationKind, NotificationRole } from '@domain/messages';

/** What workflows record in the audit log (they import it from here, as a type). */
export type { AuditEvent } from '@db/audit/audit.queries';

export interface RecordEventInput {
  campaignId: string;
  /** Assigned by the workflow, strictly increasing from 1: the audit entry's position in the chain. */
  seq: number;
  event: AuditEvent;
  /** The workflow state right after the event: projected for reading. */
  state: CoSignState;
  noticeVersion?: { version: number; sha256: string; note: string | null; by: string; at: string };
}

/**
 * A change of the campaign as the workflow records it from a local activity, inside the workflow
 * task that answers the Update (workflows/ledger.ts): its audit entries — one command, or several
 * that arrived together — the projection of the state after them, the notice version it made, and
 * the messages it sends, in one transaction.
 */
export interface RecordChangeInput {
  campaignId: string;
  /** Where the first entry goes as far as the workflow's history knows (the entry after the last it recorded). */
  seq: number;
  events: AuditEvent[];
  /** The workflow state after the last entry, projected for reading; none for a note of a failure. */
  state?: CoSignState;
  noticeVersion?: RecordEventInput['noticeVersion'];
  notifications?: NotificationInput[];
}

export interface NotificationInput {
  /** Unique per real-world message: a retried activity never writes a message twice. */
  key: string;
  agency: string;
  role: NotificationRole;
  kind: NotificationKind;
  /** What happened: the kind's facts (NotificationFacts in libs/domain/src/messages), kept in `data`. */
  data?: Record<string, unknown>;
  /**
   * @deprecated Workflows record facts (`data`) and the outbox renders the text. Inputs recorded
   * before that carry the English text instead (and no facts); it is stored as given.
   */
  reason?: string;
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

/** The read model of the co-signing state (campaigns' columns). */
function coSignProjection(state: CoSignState): CoSignStateProjection {
  return {
    phase: state.phase,
    noticeVersion: state.notice.version,
    noticeSha256: state.notice.sha256,
    coSign: {
      mode: state.mode,
      dueAt: state.dueAt,
      signers: state.signers,
      signOff: state.signOff,
      escalatedAt: state.escalatedAt,
      ...(state.removed?.length && { removed: state.removed }),
    },
    withdrawal: state.withdrawal,
  };
}

/** The notice version a change made, as the workflow describes it. */
function recordVersion(m: EntityManager, campaignId: string, { version, sha256, note, by, at }: NonNullable<RecordEventInput['noticeVersion']>): Promise<void> {
  return recordNoticeVersion(m, { campaignId, version, sha256, note, createdBy: by, createdAt: at });
}

/** A workflow's message as the outbox writer takes it. */
function outboxMessage(n: NotificationInput): OutboxMessage {
  return { kind: n.kind, key: n.key, to: { agency: n.agency, role: n.role }, data: n.data, reason: n.reason, at: n.at } as OutboxMessage;
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
        const hash = await appendAuditEntry(m, campaignId, seq, event);
        if (noticeVersion) await recordVersion(m, campaignId, noticeVersion);
        await projectCoSignState(m, campaignId, seq, coSignProjection(state));
        return { hash };
      });
    },

    /**
     * The local activity of a change (RecordChangeInput): entries, projection, notice version and
     * outbox commit together or not at all. Answers where the entries went, which differs from
     * `seq` only after a workflow task that wrote and never completed (appendAuditEntries).
     */
    async recordChange(input: RecordChangeInput): Promise<AppendedEntries> {
      const { campaignId, seq, events, state, noticeVersion, notifications } = input;
      return ds.transaction(async (m) => {
        const at = await appendAuditEntries(m, campaignId, seq, events);
        if (noticeVersion) await recordVersion(m, campaignId, noticeVersion);
        if (state) await projectCoSignState(m, campaignId, at.lastSeq, coSignProjection(state));
        if (notifications?.length) await writeNotifications(m, campaignId, notifications.map(outboxMessage));
        return at;
      });
    },

    /**
     * Appends an audit entry and projects nothing: what the workflow notes when something could
     * not be done (a refused command, a failed activity), in the place the failed entry would have had.
     */
    async recordEntry(input: { campaignId: string; seq: number; event: AuditEvent }): Promise<{ hash: string }> {
      return ds.transaction(async (m) => ({ hash: await appendAuditEntry(m, input.campaignId, input.seq, input.event) }));
    },

    /** Writes messages to the outbox; delivery channels pick them up from there. */
    async notify(input: { campaignId: string; notifications: NotificationInput[] }): Promise<number> {
      const { campaignId, notifications } = input;
      // The workflow says what happened (kind and facts); the outbox writer owns the key, the
      // columns, the row and the English text in `reason` — rendered from the facts, or as given
      // by an input recorded before facts existed.
      const written = await writeNotifications(
        ds,
        campaignId,
        notifications.map(outboxMessage),
      );
      if (notifications.length) log.info('notifications written to outbox', { campaignId, count: written, kinds: [...new Set(notifications.map((n) => n.kind))] });
      return written;
    },

    /**
     * Gives the campaign the next number of (prefix, year). The counter row is locked by the
     * upsert and the number is stored with the campaign in the same transaction, so numbers are
     * unique and gapless even when many campaigns are issued at once; a retry returns the number
     * already given.
     */
    async issueDocNumber(input: IssueInput): Promise<IssueResult> {
      const issued = await issueDocNumber(ds, input);
      if (!issued.repeated) log.info('document number issued', { campaignId: input.campaignId, docNumber: issued.docNumber });
      return { docNumber: issued.docNumber, sequence: issued.sequence, issuedAt: issued.issuedAt.toISOString() };
    },
  };
}
