/**
 * A campaign's audit entries (GET /api/v1/campaigns/:id/audit) worded for people: each type the
 * workflows record (workflows/campaign.workflow.ts, campaign-year.ts, ledger.ts) with its payload
 * in a sentence; a type this console does not know shows its payload as it is.
 */
import { fieldLabel } from '../../errors';
import { t, te } from '../../i18n';
import { dateTime } from '../../composables/format';
import { phaseLabel } from '../../composables/phases';
import type { AuditEntry } from './admin.types';

type Data = Record<string, unknown>;

const str = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(str) : []);
const sha = (v: unknown): string => str(v).slice(0, 12);
const errorText = (v: unknown): string => (v && typeof v === 'object' && 'message' in v ? str((v as Data).message) : str(v));

export function auditTypeLabel(type: string): string {
  const key = `audit.types.${type.replace(/\./g, '_')}`;
  return te(key) ? t(key) : type;
}

/** Why the chain does not verify (libs/domain/src/audit-chain.ts verifyChain's reasons), in the console's language. */
export function chainProblem(problem: string | null): string {
  if (!problem) return '';
  const seq = /expected seq (\d+), found (\d+)/.exec(problem);
  if (seq) return t('audit.problems.seq', { expected: seq[1], found: seq[2] });
  if (/prevHash does not match/.test(problem)) return t('audit.problems.prev');
  if (/hash does not match the payload/.test(problem)) return t('audit.problems.hash');
  return problem;
}

/** One entry in a sentence. `nameOf` words an agency code as the directory names it. */
export function auditSummary(e: AuditEntry, nameOf: (code: string) => string): string {
  const d = e.data ?? {};
  const names = (v: unknown) => list(v).map(nameOf).join('、') || '—';
  const s = (key: string, values: Record<string, unknown> = {}) => t(`audit.summaries.${key}`, values);
  switch (e.type) {
    case 'campaign.launched':
      return s('launched', {
        lead: nameOf(str(d.leadAgency)),
        signers: names(d.coSigners),
        mode: te(`audit.summaries.modes.${str(d.mode)}`) ? s(`modes.${str(d.mode)}`) : str(d.mode),
        due: dateTime(str(d.dueAt)),
        sha: sha(d.noticeSha256),
      });
    case 'co-sign.decided':
      return (
        s('decided', { agency: nameOf(str(d.agency)), decision: d.decision === 'reject' ? s('reject') : s('approve'), sha: sha(d.noticeSha256) }) +
        (d.comment ? s('comment', { comment: str(d.comment) }) : '')
      );
    case 'notice.revised':
      return s('revised', { version: str(d.version), sha: sha(d.sha256) }) + (d.note ? s('note', { note: str(d.note) }) : '');
    case 'sign-off':
      return s('signOff', { sha: sha(d.noticeSha256) });
    case 'sign-off.voided':
      return s('voided', { sha: sha(d.noticeSha256) });
    case 'issued':
      return s('issued', { docNumber: str(d.docNumber), at: dateTime(str(d.issuedAt)) });
    case 'withdrawn':
      return s('withdrawn', { reason: str(d.reason) }) + (list(d.informed).length ? s('informed', { agencies: names(d.informed) }) : '');
    case 'co-sign.escalated':
      return s('escalated', { agencies: names(d.outstanding) });
    case 'distributed':
      return s('distributed');
    case 'phase.entered':
      return s('phase', { phase: phaseLabel(str(d.phase)) });
    case 'milestones.moved': {
      const moved = Array.isArray(d.moved) ? (d.moved as Data[]) : [];
      const changes = moved
        .map((m) => s('move', { field: fieldLabel(str(m.field)), from: dateTime(str(m.from)), to: dateTime(str(m.to)) }))
        .join('；');
      return s('moved', { changes: changes || '—' });
    }
    case 'commendations.published':
      return s('published', { n: Array.isArray(d.commended) ? d.commended.length : str(d.commended) });
    case 'command.refused':
      return s('refused', { command: auditTypeLabel(str(d.command)), error: errorText(d.error) });
    case 'entry.unrecorded':
      return s('unrecorded', { entry: auditTypeLabel(str(d.entry)), error: errorText(d.error) });
    case 'co-sign.signer-added':
      return s('signerAdded', { agency: nameOf(str(d.agency)), order: str(d.order) }) + (d.asked ? s('signerAsked') : '');
    case 'co-sign.signer-removed':
      return s('signerRemoved', { agency: nameOf(str(d.agency)), reason: str(d.reason) });
    case 'co-sign.deadline-moved':
      return s('deadlineMoved', { from: dateTime(str(d.from)), to: dateTime(str(d.dueAt)) });
    case 'co-sign.urged':
      return s('urged', { agencies: names(d.agencies) }) + (d.message ? s('urgeMessage', { message: str(d.message) }) : '');
    case 'ledger.superseded':
      return s('superseded', { from: str(d.from), to: str(d.to) });
    case 'activity.failed':
      return s('failed', { activity: str(d.activity), consequence: str(d.consequence), error: errorText(d.error) });
    default:
      return JSON.stringify(d);
  }
}
