import { Inject, Injectable, OnApplicationShutdown, ServiceUnavailableException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { HealthCheckResult, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@config/config';

/**
 * How long one probe's result is everyone's answer; also the least time between two probes. However
 * many clients ask, the dependencies see at most one query and one Temporal call per period.
 */
export const READINESS_TTL_MS = 1_000;
const PROBE_TIMEOUT_MS = 3_000;

export type ReadinessBody = HealthCheckResult & {
  /** When the dependencies were probed: answers with the same value come from the same probe. */
  checkedAt: string;
};

export interface Readiness {
  ok: boolean;
  body: ReadinessBody;
}

/**
 * Whether this instance can serve: PostgreSQL and Temporal both answer. One probe at a time
 * (concurrent askers share the one in flight), and its result is served for READINESS_TTL_MS, so
 * that health checks never compete with real work for the database or Temporal's rate limit (the
 * dev server refuses with RESOURCE_EXHAUSTED when probes crowd it).
 */
@Injectable()
export class ReadinessService implements OnApplicationShutdown {
  /**
   * A connection of its own, without the SDK's retry interceptor: a probe asks once. (With the
   * default interceptor an unreachable server is retried in the background after the probe has
   * answered, and the retry fires on a closed channel at shutdown.)
   */
  private readonly temporal: Connection;
  private last?: { until: number; readiness: Readiness };
  private inFlight?: Promise<Readiness>;

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.temporal = Connection.lazy({ address: config.temporal.address, interceptors: [] });
  }

  check(): Promise<Readiness> {
    if (this.last && Date.now() < this.last.until) return Promise.resolve(this.last.readiness);
    this.inFlight ??= this.probe().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  private async probe(): Promise<Readiness> {
    let result: HealthCheckResult;
    try {
      result = await this.health.check([
        () => this.attempt('database', () => this.ds.query('SELECT 1')),
        () =>
          this.attempt('temporal', () =>
            this.temporal.withDeadline(Date.now() + PROBE_TIMEOUT_MS, () => this.temporal.workflowService.getSystemInfo({})),
          ),
      ]);
    } catch (err) {
      // Terminus answers "down" (or "shutting down") by throwing the result in a 503.
      if (!(err instanceof ServiceUnavailableException)) throw err;
      result = err.getResponse() as HealthCheckResult;
    }
    const readiness: Readiness = { ok: result.status === 'ok', body: { ...result, checkedAt: new Date().toISOString() } };
    this.last = { until: Date.now() + READINESS_TTL_MS, readiness };
    return readiness;
  }

  /** Up if `fn` resolves within PROBE_TIMEOUT_MS; down with the reason otherwise. */
  private async attempt<K extends string>(key: K, fn: () => Promise<unknown>) {
    const session = this.indicator.check(key);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        fn(),
        new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS))),
      ]);
      return session.up();
    } catch (err) {
      return session.down({ message: (err as Error).message });
    } finally {
      clearTimeout(timer);
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.temporal.close();
  }
}
