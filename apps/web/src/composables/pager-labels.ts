/**
 * `v-pager-labels` on an el-pagination: names its page-size select and its "go to page" box for
 * screen readers (Element Plus leaves both inputs without a label; axe-core's `label` rule finds
 * them). Words from the console's language.
 */
import type { Directive } from 'vue';
import { t } from '../i18n';

function label(el: HTMLElement): void {
  el.querySelector('.el-pagination__sizes input')?.setAttribute('aria-label', t('common.pageSize'));
  el.querySelector('.el-pagination__jump input')?.setAttribute('aria-label', t('common.goToPage'));
}

export const pagerLabels: Directive<HTMLElement> = { mounted: label, updated: label };

declare module 'vue' {
  interface GlobalDirectives {
    vPagerLabels: typeof pagerLabels;
  }
}
