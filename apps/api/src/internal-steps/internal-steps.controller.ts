import { Body, Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal, Roles } from '../auth/auth';
import { InternalStepsDto, StepActionDto } from './dto/internal-steps.dto';
import { InternalStepsService } from './internal-steps.service';

/** Internal sign-off (内部审签) and 转办 inside a co-signing agency. */
@ApiTags('internal-steps')
@ApiBearerAuth()
@Controller('api/v1')
export class InternalStepsController {
  constructor(private readonly internal: InternalStepsService) {}

  @Get('agencies/:code/internal-steps')
  @ApiOperation({ summary: 'The internal steps (内部审签) an agency’s co-signing decisions go through: its own people, or the platform’s administrators' })
  config(@CurrentPrincipal() who: Principal, @Param('code') code: string) {
    return this.internal.config(who, code);
  }

  @Put('agencies/:code/internal-steps')
  @Roles('secretariat', 'admin')
  @ApiOperation({
    summary:
      'Set an agency’s internal steps in order ({ steps: [{ name, mode: any (或签)|all (会签), people: [login] }] }; [] for none): its secretariat or admin, or the platform’s administrators. Items in flight keep the steps they started with',
  })
  replace(@CurrentPrincipal() who: Principal, @Param('code') code: string, @Body() dto: InternalStepsDto) {
    return this.internal.replace(who, code, dto);
  }

  @Get('campaigns/:id/co-sign/internal')
  @ApiOperation({
    summary: 'A co-signing agency’s own view of its item on the current version: its steps, where the item stands, who took what with their comments, what the caller may do',
  })
  view(@CurrentPrincipal() who: Principal, @Param('id') id: string) {
    return this.internal.view(who, id);
  }

  @Post('campaigns/:id/co-sign/internal/steps')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Take the step the item is at: approve (the last step’s approve is the agency’s decision on the text the steps were taken on), return (to the previous step, with a reason), transfer (转办, to a colleague of the same agency), reject (the last step: the agency’s 不同意, with a reason)',
  })
  act(@CurrentPrincipal() who: Principal, @Param('id') id: string, @Body() dto: StepActionDto) {
    return this.internal.act(who, id, dto);
  }
}
