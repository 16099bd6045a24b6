import { Global, Inject, Injectable, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG, AppConfig } from '@config/config';
import { wakeDispatcher } from './dispatcher-client';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

@Injectable()
class TemporalConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}
  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

/**
 * Wakes the notification dispatcher after the API wrote to the outbox (a relay launched, a
 * recommendation) or asked for a delivery again. A lost wake delays, never loses: the message
 * stays in the outbox for the next one.
 */
@Injectable()
export class DispatcherWaker {
  private readonly logger = new Logger('dispatcher');
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly client: Client,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async wake(): Promise<void> {
    await wakeDispatcher(this.client, this.config.temporal.taskQueue).catch((err: Error) => this.logger.warn(`could not wake the notification dispatcher: ${err.message}`));
  }
}

/** The Temporal Client as a Nest provider, built from configuration (connects lazily). */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) =>
        new Client({
          connection: Connection.lazy({ address: config.temporal.address }),
          namespace: config.temporal.namespace,
        }),
    },
    TemporalConnectionCloser,
    DispatcherWaker,
  ],
  exports: [TEMPORAL_CLIENT, DispatcherWaker],
})
export class TemporalClientModule {}
