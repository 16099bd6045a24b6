/** The 表扬 tab's own helpers: how a nomination names whom or what it commends, and where it came from. */
import { t } from '../../i18n';
import type { Nomination, NominationStatus } from './commendations.types';

export function nominee(n: Nomination): string {
  const unit = n.unitName ?? n.unit ?? '';
  if (n.kind === 'individual') return unit ? `${n.person ?? ''}（${unit}）` : (n.person ?? '');
  if (n.kind === 'activity') return unit ? `${n.activityTitle ?? n.activityId ?? ''}（${unit}）` : (n.activityTitle ?? n.activityId ?? '');
  return unit;
}

export function sourceText(n: Nomination, nameOf: (code: string | null) => string): string {
  if (!n.source) return '';
  const doc = n.source.docNumber ? ` · ${n.source.docNumber}` : '';
  return t('commendations.recommendedBy', { lead: nameOf(n.source.leadAgency), doc });
}

export function statusType(s: NominationStatus): 'success' | 'info' | 'warning' {
  return s === 'commended' ? 'success' : s === 'declined' ? 'info' : 'warning';
}
