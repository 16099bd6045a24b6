/**
 * vue-i18n: zh-CN (the default) and en. Each area of the console keeps its words in
 * messages/<area>.ts as `{ 'zh-CN': {...}, en: {...} }` under its own top-level key; they are
 * gathered here, so adding a page never edits a shared file.
 */
import { createI18n } from 'vue-i18n';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

type Tree = { [key: string]: string | Tree };
type AreaModule = { default: Record<Locale, Tree> };

const areas = import.meta.glob<AreaModule>('./messages/*.ts', { eager: true });
const messages: Record<Locale, Tree> = { 'zh-CN': {}, en: {} };
function merge(into: Tree, from: Tree): void {
  for (const [k, v] of Object.entries(from)) {
    const here = into[k];
    if (typeof v === 'object' && typeof here === 'object') merge(here, v);
    else into[k] = typeof v === 'object' ? structuredClone(v) : v;
  }
}
for (const mod of Object.values(areas)) {
  for (const locale of LOCALES) merge(messages[locale], mod.default[locale]);
}

const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('locale') : null;

export const i18n = createI18n({
  legacy: false,
  locale: saved === 'en' ? 'en' : 'zh-CN',
  fallbackLocale: 'zh-CN',
  messages,
  missingWarn: false,
  fallbackWarn: false,
});

export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem('locale', locale);
  document.documentElement.lang = locale;
}

export const t = (key: string, values?: Record<string, unknown>): string => i18n.global.t(key, values ?? {});
export const te = (key: string): boolean => i18n.global.te(key);
