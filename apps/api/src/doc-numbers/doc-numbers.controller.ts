import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal, PlatformAdmin, Roles } from '../auth/auth';
import { DocNumbersService } from './doc-numbers.service';
import { AssignPrefixDto, PrefixParamDto, SequenceParamsDto, SetSequenceDto } from './dto/doc-numbers.dto';

@ApiTags('doc-numbers')
@ApiBearerAuth()
@Controller('api/v1')
export class DocNumbersController {
  constructor(private readonly docNumbers: DocNumbersService) {}

  @Get('doc-number-sequences')
  @ApiOperation({ summary: 'Where each (prefix, year) sequence stands, and whose prefix it is' })
  list() {
    return this.docNumbers.sequences();
  }

  @Put('doc-number-sequences/:prefix/:year')
  @Roles('admin')
  @ApiOperation({ summary: 'Set the next document number of (prefix, year): the prefix’s own agency’s admin, or the platform’s' })
  set(@CurrentPrincipal() who: Principal, @Param() params: SequenceParamsDto, @Body() dto: SetSequenceDto) {
    return this.docNumbers.setSequence(who, params.prefix, params.year, dto.nextNumber);
  }

  @Get('doc-number-prefixes')
  @ApiOperation({ summary: 'Which agency each document-number prefix (机关代字) belongs to' })
  prefixes() {
    return this.docNumbers.prefixes();
  }

  @Put('doc-number-prefixes/:prefix')
  @Roles('admin')
  @PlatformAdmin()
  @ApiOperation({ summary: 'Assign a document-number prefix to its agency (platform administration)' })
  assign(@CurrentPrincipal() who: Principal, @Param() params: PrefixParamDto, @Body() dto: AssignPrefixDto) {
    return this.docNumbers.assignPrefix(who, params.prefix, dto.agency);
  }
}
