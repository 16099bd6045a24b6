/**
 * The relay form's model (转发): what it prefills from the parent, what it reads from a YAML
 * definition (campaigns/henan-2023.yaml), and the body POST …/relays takes (libs/contract's
 * RelayCampaignDto). A rehearsed parent's relay is rehearsed with it (`rebaseWithParent`): the
 * form shows the dates the relay will run on, and sends them as written for the parent's
 * original year, which the API shifts forward again — so its holidays are judged as the parent's.
 */
import { CORE_SCHEMA, load } from 'js-yaml';
import { t } from '../../i18n';
import type { CampaignWithCalendar, YearMilestones } from './distribution.types';
import { isoOfWall, shiftIso, wallOf } from './timeline';

export interface RelayForm {
  title: string;
  coSigners: string[];
  coSignMode: 'parallel' | 'sequential';
  /** Date pickers hold Beijing wall time. */
  coSignDueAt: string;
  docNumberPrefix: string;
  main: string[];
  cc: string[];
  reportingUnits: string[];
  body: string;
  summaryDueAt: string;
  closesAt: string;
  rebaseWithParent: boolean;
  /** What a YAML file carried beyond the form (categories, contacts, headerIssuers, urging): sent as it was. */
  extras: Record<string, unknown>;
}

/** The fields of the form, as the API names them in its errors. */
export const RELAY_FIELDS = [
  'title', 'coSigners', 'coSignMode', 'coSignDueAt', 'docNumberPrefix', 'recipients.main', 'recipients.cc', 'reportingUnits', 'body',
  'milestones.summaryDueAt', 'milestones.closesAt', 'rebaseWithParent',
] as const;

const EXTRA_KEYS = ['categories', 'contacts', 'headerIssuers', 'urging'] as const;
const DAY = 24 * 3600_000;

/** The form as it starts: what can be taken from the parent. */
export function prefill(parent: CampaignWithCalendar, pm: YearMilestones, now = Date.now()): RelayForm {
  // A week from now at 18:00 Beijing time, and before the relay's own deadline.
  const week = new Date(Math.min(now + 7 * DAY, Date.parse(pm.summaryDueAt) - 2 * DAY));
  const coSignDueAt = `${wallOf(week.toISOString()).slice(0, 10)} 18:00:00`;
  return {
    title: t('relays.form.titleDefault', { title: parent.title }),
    coSigners: [],
    coSignMode: 'parallel',
    coSignDueAt,
    docNumberPrefix: '',
    main: [],
    cc: [],
    reportingUnits: [],
    body: t('relays.form.bodyDefault', { to: t('relays.form.bodyTo'), docNumber: parent.notice.docNumber ?? '', title: parent.title }),
    // Strictly before the parent's (it reports first so the parent can roll up): a day before.
    summaryDueAt: wallOf(shiftIso(pm.summaryDueAt, -1)),
    closesAt: wallOf(pm.closesAt),
    rebaseWithParent: (parent.calendarShiftDays ?? 0) !== 0,
    extras: {},
  };
}

export interface YamlOutcome {
  form: RelayForm;
  /** Days the file's dates were moved with the rehearsed parent (0: taken as they are). */
  shiftedDays: number;
  /** The file's lead, when it is not the body relaying. */
  otherLead: string | null;
}

/**
 * A definition file over the form: what the form shows is replaced by the file's, theme, year,
 * window and week are the parent's anyway. Dates written for the parent's original year (the
 * file's year is not the rehearsed parent's) are moved with it. Throws on a file that is not a
 * YAML mapping.
 */
export function fromYaml(text: string, current: RelayForm, parent: CampaignWithCalendar, myAgency: string): YamlOutcome {
  const raw = load(text, { schema: CORE_SCHEMA }) as unknown;
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(t('relays.form.yamlBad', { message: 'not a YAML mapping' }));
  const d = raw as Record<string, unknown>;
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() ? v : fallback);
  const list = (v: unknown, fallback: string[]) => (Array.isArray(v) ? v.map((x) => String(x)) : fallback);
  const parentShift = parent.calendarShiftDays ?? 0;
  const shiftedDays = parentShift !== 0 && typeof d.year === 'number' && d.year !== parent.year ? parentShift : 0;
  const date = (v: unknown, fallback: string) => {
    if (typeof v !== 'string') return fallback;
    try {
      return wallOf(shiftedDays ? shiftIso(v, shiftedDays) : v) || v;
    } catch {
      return v;
    }
  };
  const recipients = (d.recipients ?? {}) as Record<string, unknown>;
  const milestones = (d.milestones ?? {}) as Record<string, unknown>;
  const extras: Record<string, unknown> = {};
  for (const k of EXTRA_KEYS) if (d[k] !== undefined) extras[k] = d[k];
  const form: RelayForm = {
    ...current,
    title: str(d.title, current.title),
    coSigners: list(d.coSigners, current.coSigners),
    coSignMode: d.coSignMode === 'sequential' ? 'sequential' : d.coSignMode === 'parallel' ? 'parallel' : current.coSignMode,
    coSignDueAt: date(d.coSignDueAt, current.coSignDueAt),
    docNumberPrefix: str(d.docNumberPrefix, current.docNumberPrefix),
    main: list(recipients.main, current.main),
    cc: list(recipients.cc, current.cc),
    reportingUnits: list(d.reportingUnits, current.reportingUnits),
    body: str(d.body, current.body),
    summaryDueAt: date(milestones.summaryDueAt, current.summaryDueAt),
    closesAt: date(milestones.closesAt, current.closesAt),
    rebaseWithParent: shiftedDays !== 0 || current.rebaseWithParent,
    extras,
  };
  const lead = typeof d.leadAgency === 'string' ? d.leadAgency : null;
  return { form, shiftedDays, otherLead: lead && lead !== myAgency ? lead : null };
}

/** The body of POST …/relays. */
export function relayBody(f: RelayForm, parent: CampaignWithCalendar, leadAgency: string): Record<string, unknown> {
  const shift = f.rebaseWithParent ? (parent.calendarShiftDays ?? 0) : 0;
  const at = (wall: string) => {
    const iso = isoOfWall(wall);
    if (!iso || !shift) return iso;
    try {
      return shiftIso(iso, -shift);
    } catch {
      return iso;
    }
  };
  return {
    ...f.extras,
    title: f.title,
    leadAgency,
    coSigners: f.coSigners,
    coSignMode: f.coSignMode,
    coSignDueAt: at(f.coSignDueAt),
    docNumberPrefix: f.docNumberPrefix,
    body: f.body,
    recipients: { main: f.main, cc: f.cc },
    ...(f.reportingUnits.length ? { reportingUnits: f.reportingUnits } : {}),
    milestones: { summaryDueAt: at(f.summaryDueAt), closesAt: at(f.closesAt) },
    ...(shift ? { rebaseWithParent: true } : {}),
  };
}
