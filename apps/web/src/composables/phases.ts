/** The campaign's phases in the console's language, and the tag colour of each. */
import { t } from '../i18n';

export function phaseLabel(phase: string): string {
  const key = `phases.${phase}`;
  const s = t(key);
  return s === key ? phase : s;
}

export function phaseType(phase: string): 'primary' | 'success' | 'warning' | 'info' | 'danger' {
  if (phase === 'co-signing') return 'warning';
  if (phase === 'withdrawn') return 'danger';
  if (phase === 'closed') return 'info';
  return 'success';
}
