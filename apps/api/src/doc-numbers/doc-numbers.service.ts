import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@domain/auth';
import { YEAR_MAX, YEAR_MIN } from '@domain/iso';
import { agencyExists } from '@db/agencies/agency.queries';
import { assignPrefix, docNumberPrefixes, prefixOwner } from '@db/doc-numbers/doc-number-prefix.queries';
import { docNumberSequences, setNextDocNumber } from '@db/doc-numbers/doc-number.queries';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { checkSequenceAdmin } from './prefixes';

/** 发文字号 administration: where each (prefix, year) sequence stands, and whose prefix it is. */
@Injectable()
export class DocNumbersService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async sequences() {
    const rows = await docNumberSequences(this.ds);
    return rows.map((r) => ({ prefix: r.prefix, agency: r.agency, year: r.year, lastNumber: r.lastNumber, nextNumber: r.lastNumber + 1 }));
  }

  /**
   * Where a prefix's sequence stands: 豫科协发 had reached 50 by August 2023 on paper before this
   * system numbered anything. It may not go back below a number this system already issued. An
   * agency's admin sets its own prefixes' sequences (and claims a prefix nobody has yet, in the
   * same transaction: a refused setting claims nothing); the platform's admins set any.
   */
  async setSequence(who: Principal, prefix: string, yearText: string, nextNumber: number) {
    const year = Number(yearText);
    if (year < YEAR_MIN || year > YEAR_MAX) {
      throw ApiError.validation([{ field: 'year', message: `must be a year between ${YEAR_MIN} and ${YEAR_MAX}` }]);
    }
    return this.ds.transaction(async (m) => {
      await checkSequenceAdmin(m, who, prefix);
      const set = await setNextDocNumber(m, { prefix, year, nextNumber });
      if (!set.applied) {
        const max = set.highestIssued;
        throw ApiError.conflict(ApiErrorCode.SEQUENCE_CONFLICT, `${prefix}〔${year}〕${max}号 is already issued: the next number must be above ${max}`, 'nextNumber');
      }
      return { prefix, agency: await prefixOwner(m, prefix), year, lastNumber: set.lastNumber, nextNumber };
    });
  }

  async prefixes() {
    const rows = await docNumberPrefixes(this.ds);
    return rows.map((r) => ({ prefix: r.prefix, agency: r.agency, claimedBy: r.claimedBy, claimedAt: new Date(r.claimedAt).toISOString() }));
  }

  /** The platform's administrators record (or correct) which agency a prefix belongs to. */
  async assignPrefix(who: Principal, prefix: string, agency: string) {
    if (!(await agencyExists(this.ds, agency))) throw ApiError.validation([{ field: 'agency', message: `unknown agency code ${agency}` }]);
    await assignPrefix(this.ds, { prefix, agency, by: who.sub });
    return { prefix, agency };
  }
}
