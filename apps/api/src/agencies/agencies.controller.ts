import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal, PlatformAdmin, Roles } from '../auth/auth';
import { Consumes, csvSchema } from '../common/media-type';
import { AGENCY_CSV_COLUMNS } from './agencies.import';
import { AgenciesService } from './agencies.service';
import { AgencyQueryDto } from './dto/agency-query.dto';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('api/v1/agencies')
export class AgenciesController {
  constructor(private readonly agencies: AgenciesService) {}

  /** The directory of bodies (issuers and recipients): national first, then provincial, municipal, by code. */
  @Get()
  @ApiOperation({ summary: 'The directory of agencies and recipient bodies, filterable by level, region and kind' })
  list(@Query() q: AgencyQueryDto) {
    return this.agencies.list(q);
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
    return this.agencies.import(who, body);
  }
}
