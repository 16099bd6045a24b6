import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@domain/auth';
import { agencyCodes, insertAgencies, listAgencies } from '@db/agencies/agency.queries';
import { parseAgencyCsv } from './agencies.import';
import type { AgencyQueryDto } from './dto/agency-query.dto';

/** The directory of agencies and recipient bodies: reading it, and the platform's CSV import. */
@Injectable()
export class AgenciesService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** National first, then provincial, municipal; by code within a level. */
  async list(q: AgencyQueryDto) {
    const rows = await listAgencies(this.ds, { level: q.level, region: q.region, kind: q.kind });
    return rows.map(({ code, name, shortName, level, parentCode, kind, region, regionName, regionType, source }) => ({
      code,
      name,
      shortName,
      level,
      parentCode,
      kind,
      region,
      regionName,
      regionType,
      source,
    }));
  }

  /** Every row checked first (agencies.import.ts), then all of them stored in one statement: all or none. */
  async import(who: Principal, body: unknown) {
    const bodies = parseAgencyCsv(body, await agencyCodes(this.ds));
    await insertAgencies(this.ds, bodies);
    return { imported: bodies.length, by: who.sub, codes: bodies.map((b) => b.code) };
  }
}
