/** The 总结 tab's own helpers: how a figure and a status read. */
import { t, te } from '../../i18n';
import type { SummaryStatus } from './summaries.types';

/** Figures people usually report; any other name (letters, digits, _ or -) may be typed. */
export const COMMON_FIGURES = ['activities', 'participants', 'volunteers', 'online_views', 'media_reports'] as const;

export function figureLabel(key: string): string {
  return te(`summaries.figureNames.${key}`) ? t(`summaries.figureNames.${key}`) : key;
}

export function statusType(s: SummaryStatus): 'success' | 'danger' | 'info' {
  return s === 'on-time' ? 'success' : s === 'late' ? 'danger' : 'info';
}
