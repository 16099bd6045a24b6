import type { DataSource } from 'typeorm';
import type { FieldProblem } from '@domain/field-problem';
import type { CampaignDefinitionDto } from '@contract/definition.dto';
import type { BodySeed } from '@domain/directory.data';
import { resolveRecipients } from '@domain/directory';
import { agencyCount, directoryRows } from '@db/agencies/agency.queries';

export interface Distribution {
  rows: { agency: string; role: 'main' | 'cc'; reporting: boolean }[];
  main: number;
  cc: number;
  reporting: number;
  openEnded: string[];
  errors: FieldProblem[];
  warnings: FieldProblem[];
}

/** Kinds that report back when a definition does not name its reporting units: 科协 and societies. */
const DEFAULT_REPORTING_KINDS = new Set(['CAST', 'SOCIETY']);

/**
 * Who receives the notice (主送 must act and acknowledge, 抄送 is informed) and who reports back,
 * resolved against the directory as it is in the database (seeded plus imported bodies). Every
 * entry that names nobody is an error naming its position; nothing is silently dropped.
 */
export function resolveDistribution(def: CampaignDefinitionDto, directory: readonly BodySeed[]): Distribution {
  const agencies = directory;
  const lead = agencies.find((a) => a.code === def.leadAgency);
  const ctx = { leadRegion: lead?.region || 'CN' };
  const errors: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];

  const main = resolveRecipients(def.recipients.main, directory, ctx);
  const cc = resolveRecipients(def.recipients.cc, directory, ctx);
  for (const u of main.unresolved) errors.push({ field: `recipients.main.${u.index}`, message: u.message });
  for (const u of cc.unresolved) errors.push({ field: `recipients.cc.${u.index}`, message: u.message });

  // The lead does not send its own notice to itself; 主送 wins over 抄送.
  const mainCodes = main.codes.filter((c) => c !== def.leadAgency);
  const mainSet = new Set(mainCodes);
  const ccCodes = cc.codes.filter((c) => c !== def.leadAgency && !mainSet.has(c));
  // A notice whose 主送 names nobody but its own lead reaches nobody who must act: refused.
  if (!mainCodes.length && !main.unresolved.length) {
    errors.push({ field: 'recipients.main', message: 'resolves to no body other than the lead itself: a notice must be sent (主送) to somebody' });
  }
  const both = cc.codes.filter((c) => mainSet.has(c));
  if (both.length) warnings.push({ field: 'recipients.cc', message: `${both.length} bodies are both 主送 and 抄送; they are treated as 主送: ${both.slice(0, 10).join(', ')}` });

  let reportingCodes: string[];
  if (def.reportingUnits) {
    const r = resolveRecipients(def.reportingUnits, directory, ctx);
    for (const u of r.unresolved) errors.push({ field: `reportingUnits.${u.index}`, message: u.message });
    r.perEntry.forEach((e, i) => {
      const outside = e.codes.filter((c) => !mainSet.has(c));
      if (outside.length) {
        errors.push({ field: `reportingUnits.${i}`, message: `${outside.slice(0, 5).join(', ')} ${outside.length > 1 ? 'are' : 'is'} not among the 主送 recipients; only they report back` });
      }
    });
    reportingCodes = r.codes;
  } else {
    const kindOf = new Map(agencies.map((a) => [a.code, a.kind]));
    reportingCodes = mainCodes.filter((c) => DEFAULT_REPORTING_KINDS.has(kindOf.get(c) ?? ''));
  }
  const reporting = new Set(reportingCodes);
  const rows = [
    ...mainCodes.map((agency) => ({ agency, role: 'main' as const, reporting: reporting.has(agency) })),
    ...ccCodes.map((agency) => ({ agency, role: 'cc' as const, reporting: false })),
  ];
  return { rows, main: mainCodes.length, cc: ccCodes.length, reporting: reporting.size, openEnded: [...main.openEnded, ...cc.openEnded], errors, warnings };
}

/**
 * The directory as launches read it, kept between launches: thousands of bodies, read and indexed
 * once rather than per launch (31 provinces relay at the same moment). Bodies are only ever added
 * (the admin CSV import), so the row count tells when to read again.
 */
export class DirectoryCache {
  private cached: { count: number; directory: readonly BodySeed[]; codes: ReadonlySet<string> } | null = null;

  async get(ds: DataSource): Promise<{ directory: readonly BodySeed[]; codes: ReadonlySet<string> }> {
    const n = await agencyCount(ds);
    if (this.cached?.count === n) return this.cached;
    const rows = await directoryRows(ds);
    const directory: BodySeed[] = rows.map((a) => ({
      code: a.code,
      name: a.name,
      shortName: a.shortName,
      level: a.level,
      parentCode: a.parentCode,
      kind: a.kind ?? '',
      region: a.region ?? '',
      regionName: a.regionName ?? '',
      regionType: (a.regionType ?? 'national') as BodySeed['regionType'],
      parentRegion: a.parentRegion,
    }));
    this.cached = { count: rows.length, directory, codes: new Set(directory.map((b) => b.code)) };
    return this.cached;
  }
}
