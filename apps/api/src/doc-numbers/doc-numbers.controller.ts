import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DocNumberSequenceEntity } from '@db/entities';
import { Roles } from '../auth/auth';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { SetSequenceDto } from '../campaigns/dto/co-sign.dto';

@ApiTags('doc-numbers')
@ApiBearerAuth()
@Controller('api/v1/doc-number-sequences')
export class DocNumbersController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get()
  async list() {
    const rows = await this.ds.getRepository(DocNumberSequenceEntity).find({ order: { prefix: 'ASC', year: 'ASC' } });
    return rows.map((r) => ({ prefix: r.prefix, year: r.year, lastNumber: r.lastNumber, nextNumber: r.lastNumber + 1 }));
  }

  /**
   * Where a prefix's sequence stands: 豫科协发 had reached 50 by August 2023 on paper before this
   * system numbered anything. It may not go back below a number this system already issued.
   */
  @Put(':prefix/:year')
  @Roles('admin')
  @ApiOperation({ summary: 'Set the next document number of (prefix, year) (admin)' })
  async set(@Param('prefix') prefix: string, @Param('year') yearParam: string, @Body() dto: SetSequenceDto) {
    const year = Number(yearParam);
    if (!/^\d{4}$/.test(yearParam) || year < 2000 || year > 2100) {
      throw ApiError.validation([{ field: 'year', message: 'must be a year between 2000 and 2100' }]);
    }
    if (!prefix.trim() || prefix.length > 20 || /[\s〔〕[\]]/u.test(prefix)) {
      throw ApiError.validation([{ field: 'prefix', message: 'must be a document-number prefix without spaces or brackets' }]);
    }
    return this.ds.transaction(async (m) => {
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
      return { prefix, year, lastNumber: dto.nextNumber - 1, nextNumber: dto.nextNumber };
    });
  }
}
