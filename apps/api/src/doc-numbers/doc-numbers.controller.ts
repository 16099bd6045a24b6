import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@domain/auth';
import { YEAR_MAX, YEAR_MIN } from '@domain/iso';
import { CurrentPrincipal, PlatformAdmin, Roles } from '../auth/auth';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { AssignPrefixDto, PrefixParamDto, SequenceParamsDto, SetSequenceDto } from '../campaigns/dto/co-sign.dto';
import { checkSequenceAdmin, prefixOwner } from './prefixes';

@ApiTags('doc-numbers')
@ApiBearerAuth()
@Controller('api/v1')
export class DocNumbersController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get('doc-number-sequences')
  @ApiOperation({ summary: 'Where each (prefix, year) sequence stands, and whose prefix it is' })
  async list() {
    const rows: { prefix: string; year: number; last_number: number; agency: string | null }[] = await this.ds.query(
      `SELECT s.prefix, s.year, s.last_number, p.agency FROM doc_number_sequences s
         LEFT JOIN doc_number_prefixes p ON p.prefix = s.prefix ORDER BY s.prefix, s.year`,
    );
    return rows.map((r) => ({ prefix: r.prefix, agency: r.agency, year: r.year, lastNumber: r.last_number, nextNumber: r.last_number + 1 }));
  }

  /**
   * Where a prefix's sequence stands: 豫科协发 had reached 50 by August 2023 on paper before this
   * system numbered anything. It may not go back below a number this system already issued. An
   * agency's admin sets its own prefixes' sequences (and claims a prefix nobody has yet); the
   * platform's admins set any.
   */
  @Put('doc-number-sequences/:prefix/:year')
  @Roles('admin')
  @ApiOperation({ summary: 'Set the next document number of (prefix, year): the prefix’s own agency’s admin, or the platform’s' })
  async set(@CurrentPrincipal() who: Principal, @Param() params: SequenceParamsDto, @Body() dto: SetSequenceDto) {
    const { prefix } = params;
    const year = Number(params.year);
    if (year < YEAR_MIN || year > YEAR_MAX) {
      throw ApiError.validation([{ field: 'year', message: `must be a year between ${YEAR_MIN} and ${YEAR_MAX}` }]);
    }
    return this.ds.transaction(async (m) => {
      await checkSequenceAdmin(m, who, prefix);
      await m.query(
        `INSERT INTO doc_number_sequences (prefix, year, last_number) VALUES ($1, $2, 0) ON CONFLICT (prefix, year) DO NOTHING`,
        [prefix, year],
      );
      await m.query('SELECT last_number FROM doc_number_sequences WHERE prefix = $1 AND year = $2 FOR UPDATE', [prefix, year]);
      const [{ max }] = await m.query(
        'SELECT COALESCE(MAX(doc_sequence), 0)::int AS max FROM campaigns WHERE doc_prefix = $1 AND doc_year = $2',
        [prefix, year],
      );
      if (dto.nextNumber <= max) {
        throw ApiError.conflict(ApiErrorCode.SEQUENCE_CONFLICT, `${prefix}〔${year}〕${max}号 is already issued: the next number must be above ${max}`, 'nextNumber');
      }
      await m.query('UPDATE doc_number_sequences SET last_number = $3, updated_at = now() WHERE prefix = $1 AND year = $2', [prefix, year, dto.nextNumber - 1]);
      return { prefix, agency: await prefixOwner(m, prefix), year, lastNumber: dto.nextNumber - 1, nextNumber: dto.nextNumber };
    });
  }

  @Get('doc-number-prefixes')
  @ApiOperation({ summary: 'Which agency each document-number prefix (机关代字) belongs to' })
  async prefixes() {
    const rows: { prefix: string; agency: string; claimed_by: string; claimed_at: Date }[] = await this.ds.query(
      'SELECT prefix, agency, claimed_by, claimed_at FROM doc_number_prefixes ORDER BY agency, prefix',
    );
    return rows.map((r) => ({ prefix: r.prefix, agency: r.agency, claimedBy: r.claimed_by, claimedAt: new Date(r.claimed_at).toISOString() }));
  }

  /** The platform's administrators record (or correct) which agency a prefix belongs to. */
  @Put('doc-number-prefixes/:prefix')
  @Roles('admin')
  @PlatformAdmin()
  @ApiOperation({ summary: 'Assign a document-number prefix to its agency (platform administration)' })
  async assign(@CurrentPrincipal() who: Principal, @Param() params: PrefixParamDto, @Body() dto: AssignPrefixDto) {
    const [known]: unknown[] = await this.ds.query('SELECT 1 FROM agencies WHERE code = $1', [dto.agency]);
    if (!known) throw ApiError.validation([{ field: 'agency', message: `unknown agency code ${dto.agency}` }]);
    await this.ds.query(
      `INSERT INTO doc_number_prefixes (prefix, agency, claimed_by) VALUES ($1, $2, $3)
       ON CONFLICT (prefix) DO UPDATE SET agency = EXCLUDED.agency, claimed_by = EXCLUDED.claimed_by, claimed_at = now()`,
      [params.prefix, dto.agency, who.sub],
    );
    return { prefix: params.prefix, agency: dto.agency };
  }
}
