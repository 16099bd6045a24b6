import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck } from '@nestjs/terminus';
import type { Response } from 'express';
import { Public } from '../auth/auth';
import { ReadinessBody, ReadinessService } from './readiness.service';

/**
 * Liveness and readiness, as orchestrators and load balancers ask:
 *  - GET /health/live: the process answers HTTP. Checks nothing external, so a database or Temporal
 *    outage never gets a healthy process restarted;
 *  - GET /health/ready (and GET /health, kept for existing probes): 200 only when PostgreSQL and
 *    Temporal both answer, else 503 naming what is down. Probed at most once a second however many
 *    ask (ReadinessService).
 */
@ApiTags('health')
@Controller('health')
@Public()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  @Get('live')
  @ApiOperation({ summary: 'Liveness: the process answers (nothing external is checked)' })
  @ApiOkResponse({ schema: { example: { status: 'ok' } } })
  live() {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: PostgreSQL and Temporal both answer (probed at most once a second)' })
  ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessBody> {
    return this.answer(res);
  }

  @Get()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness, as GET /health/ready' })
  health(@Res({ passthrough: true }) res: Response): Promise<ReadinessBody> {
    return this.answer(res);
  }

  private async answer(res: Response): Promise<ReadinessBody> {
    const { ok, body } = await this.readiness.check();
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
