/**
 * Hand-maintained official PRC holiday arrangements for years that the installed `chinese-days`
 * package does not (yet) cover. See calendar.ts.
 *
 * A year listed here OVERRIDES both the package data and the statutory fallback for every day of
 * that year: the listed `holidays` are non-working, the listed `workdays` (调休 weekend days) are
 * working, and every other day follows the Monday–Friday rule. Days of a year listed here are not
 * provisional.
 *
 * HOW TO ADD A YEAR (the State Council General Office publishes 《国务院办公厅关于YYYY年部分节假日安排的
 * 通知》 each autumn, usually October–November, on https://www.gov.cn/zhengce/):
 *   1. Add a key "YYYY". Under `holidays`, list EVERY day off, one 'YYYY-MM-DD' key per day,
 *      including the weekend days inside a block (e.g. "10月1日至7日放假调休，共7天" → seven keys),
 *      each mapped to the festival's name: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节
 *      (use '国庆节、中秋节' when the notice merges them).
 *   2. Under `workdays`, list every weekend day the notice makes a working day ("…上班"), mapped to
 *      the festival it compensates, e.g. { '2027-02-20': '春节' }.
 *   3. Set `source` to the notice's title/number and URL (e.g. '国办发明电〔2026〕N号 https://…').
 *   4. Run `npx jest libs/domain/src/calendar.spec.ts`: the supplement validity test checks that
 *      every key is a real date of that year, that no day is both a holiday and a workday, and that
 *      workdays fall on weekends. Once a `chinese-days` release with that year is installed, the
 *      entry may be removed (or kept: it still wins).
 *
 * Example shape (do not uncomment with invented data):
 *   '2027': {
 *     holidays: { '2027-01-01': '元旦', … },
 *     workdays: { '2027-02-20': '春节', … },
 *     source: '国务院办公厅关于2027年部分节假日安排的通知 国办发明电〔2026〕… https://www.gov.cn/…',
 *   },
 */
export interface OfficialYear {
  /** 'YYYY-MM-DD' → festival name, every day off in the year (weekend days inside a block too). */
  holidays: Record<string, string>;
  /** 'YYYY-MM-DD' → festival name, the weekend days made working days (调休上班). */
  workdays: Record<string, string>;
  /** The State Council notice this was transcribed from (title / number / URL). */
  source: string;
}

export const OFFICIAL_SUPPLEMENT: Record<string /* YYYY */, OfficialYear> = {};
