import { Body, Controller, Delete, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal, Roles } from '../auth/auth';
import { CoSignChangesService, UrgedToday } from './co-sign-changes.service';
import { AddSignerDto, MoveCoSignDeadlineDto, RemoveSignerDto, SignerParamsDto, UrgeDto } from './dto/co-sign-changes.dto';

/** Co-signing changed in flight by the lead's secretariat, before sign-off (issue 12). */
@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('api/v1/campaigns')
export class CoSignChangesController {
  constructor(private readonly changes: CoSignChangesService) {}

  @Post(':id/co-sign/signers')
  @Roles('secretariat')
  @ApiOperation({
    summary:
      '加签: the lead adds a co-signer { agency, order? } at that place in the signature order (default last); it is asked at once (in sequential mode when its turn comes) and urged by the same cadence. ' +
      '400 for an agency not in the directory or the lead; 409 for one already co-signing, or after sign-off',
  })
  addSigner(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: AddSignerDto) {
    return this.changes.addSigner(who, id, dto);
  }

  @Delete(':id/co-sign/signers/:agency')
  @Roles('secretariat')
  @ApiOperation({
    summary:
      '减签: the lead removes a co-signer with { reason }: its decision no longer counts, it is told why. ' +
      '404 for an agency not co-signing, 400 for the lead, 409 for the last co-signer or after sign-off',
  })
  removeSigner(@CurrentPrincipal() who: Principal, @Param() params: SignerParamsDto, @Body() dto: RemoveSignerDto) {
    return this.changes.removeSigner(who, params.id, params.agency, dto);
  }

  @Patch(':id/co-sign')
  @Roles('secretariat')
  @ApiOperation({
    summary:
      'The lead moves the co-signing deadline { dueAt } (later or earlier, in the future): everyone still pending is told; reminders and the escalation follow the new deadline. ' +
      'Where it already is: 200, unchanged: true, nothing recorded',
  })
  moveDeadline(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: MoveCoSignDeadlineDto) {
    return this.changes.moveDeadline(who, id, dto);
  }

  @Post(':id/co-sign/urge')
  @HttpCode(200)
  @Roles('secretariat')
  @ApiOperation({
    summary:
      '手动催办: the lead urges one pending co-signer { agency, message? } or every pending one { message? }, at most once per co-signer per working day (Asia/Shanghai, the campaign’s calendar). ' +
      'A second the same working day is a 429 with Retry-After; urging everyone skips those already urged. 409 for an agency that has decided',
  })
  async urge(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: UrgeDto, @Res({ passthrough: true }) res: Response) {
    try {
      return await this.changes.urge(who, id, dto);
    } catch (err) {
      if (err instanceof UrgedToday) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
  }
}
