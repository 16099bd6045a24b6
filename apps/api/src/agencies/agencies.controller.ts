import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AgencyEntity } from '../../../../libs/db/src/entities';

@ApiTags('agencies')
@ApiBearerAuth()
@Controller('api/v1/agencies')
export class AgenciesController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The directory of agencies: national first, then provincial, by code. */
  @Get()
  async list() {
    const rows = await this.ds.getRepository(AgencyEntity).find({ order: { level: 'ASC', code: 'ASC' } });
    return rows.map(({ code, name, shortName, level, parentCode }) => ({ code, name, shortName, level, parentCode }));
  }
}
