import { log } from '@temporalio/activity';
import type { DataSource } from 'typeorm';
import type { CoSignState } from '@domain/co-sign';
import type { AuditEvent } from '@db/audit/audit.queries';
import { appendAuditEntry } from '@db/audit/audit.queries';
import type { CoSignProjection } from '@db/campaigns/campaign.entity';
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

function projection(state: CoSignState): CoSignProjection {
  return {
    mode: state.mode,
    dueAt: state.dueAt,
    signers: state.signers,
    signOff: state.signOff,
    escalatedAt: state.escalatedAt,
    ...(state.removed?.length && { removed: state.removed }),
  };
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
        if (noticeVersion) {
          const { version, sha256, note, by, at } = noticeVersion;
          await recordNoticeVersion(m, { campaignId, version, sha256, note, createdBy: by, createdAt: at });
        }
        await projectCoSignState(m, campaignId, seq, {
          phase: state.phase,
          noticeVersion: state.notice.version,
          noticeSha256: state.notice.sha256,
          coSign: projection(state),
          withdrawal: state.withdrawal,
        });
        return { hash };
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
        notifications.map((n) => ({ kind: n.kind, key: n.key, to: { agency: n.agency, role: n.role }, data: n.data, reason: n.reason, at: n.at }) as OutboxMessage),
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
