import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Principal } from '@domain/auth';
import { AgencyEntity } from '@db/entities';
import { CurrentPrincipal, PlatformAdmin, Roles } from '../auth/auth';
import { Consumes, csvSchema } from '../common/media-type';
import { AgencyQueryDto } from './agencies.dto';
import { AGENCY_CSV_COLUMNS, importAgenciesCsv } from './agencies.import';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('api/v1/agencies')
export class AgenciesController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The directory of bodies (issuers and recipients): national first, then provincial, municipal, by code. */
  @Get()
  @ApiOperation({ summary: 'The directory of agencies and recipient bodies, filterable by level, region and kind' })
  async list(@Query() q: AgencyQueryDto) {
    const where: Record<string, string> = {};
    if (q.level) where.level = q.level;
    if (q.region) where.region = q.region;
    if (q.kind) where.kind = q.kind;
    const rows = await this.ds.getRepository(AgencyEntity).find({ where, order: { level: 'ASC', code: 'ASC' } });
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

  /**
   * Administrators add bodies the shipped directory lacks from CSV (header: code,name,shortName,
   * level,kind,region,regionName,regionType,parentCode,parentRegion). All rows or none.
   */
  @Post('import')
  @Roles('admin')
  @PlatformAdmin()
  @Consumes('text/csv', 'application/csv')
  @ApiBody({ schema: csvSchema(AGENCY_CSV_COLUMNS, 'CSV: a header row naming the columns, then one body per line') })
  @ApiOperation({ summary: 'Import recipient bodies from CSV (platform administration); row errors are named, nothing half-stored' })
  import(@CurrentPrincipal() who: Principal, @Body() body: unknown) {
    return importAgenciesCsv(this.ds, who, body);
  }
}
