import { Controller, Get, HttpStatus, Inject, OnApplicationShutdown, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Connection } from '@temporalio/client';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@config/config';
import { Public } from '../auth/auth';

const PROBE_MS = 3000;

async function probe(fn: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([fn(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${PROBE_MS} ms`)), PROBE_MS)))]);
    return { ok: true };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

@ApiTags('health')
@Controller('health')
export class HealthController implements OnApplicationShutdown {
  /**
   * A connection of its own, without the SDK's retry interceptor: a probe asks once. (With the
   * default interceptor an unreachable server is retried in the background after the probe has
   * answered, and the retry fires on a closed channel at shutdown.)
   */
  private readonly temporal: Connection;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.temporal = Connection.lazy({ address: config.temporal.address, interceptors: [] });
  }

  /** 200 only when both the database and Temporal answer. */
  @Get()
  @Public()
  async health(@Res({ passthrough: true }) res: Response) {
    const [database, temporal] = await Promise.all([
      probe(() => this.ds.query('SELECT 1')),
      probe(() => this.temporal.withDeadline(Date.now() + PROBE_MS, () => this.temporal.workflowService.getSystemInfo({}))),
    ]);
    const ok = database.ok && temporal.ok;
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return { status: ok ? 'ok' : 'unavailable', database, temporal };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.close();
  }
}
