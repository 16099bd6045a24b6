import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { createActivities } from '@activities';
import type { DeliveryChannel } from '@activities/delivery';
import { createChannels } from '@activities/delivery';
import { APP_CONFIG, AppConfig } from '@config/config';
import { wakeDispatcher } from '@temporal/dispatcher-client';
import { WORKER_TIMING } from '@temporal/timeouts';
import { workflowSource } from '@temporal/workflow-source';

/**
 * Runs the Temporal worker inside the Nest application context: activities get the TypeORM
 * DataSource that Nest built. A pre-built workflow bundle (WORKFLOW_BUNDLE_PATH, `npm run
 * build:workflows`) is used when present; otherwise workflows are bundled at start.
 */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('worker');
  private worker?: Worker;
  private running?: Promise<void>;
  private channels: DeliveryChannel[] = [];
  private client?: Client;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const connection = await NativeConnection.connect({ address: this.config.temporal.address });
    const bundle = process.env.WORKFLOW_BUNDLE_PATH;
    const source = workflowSource();
    const workflows: Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'bundlerOptions'> =
      bundle && existsSync(bundle)
        ? { workflowBundle: { codePath: bundle } }
        : { workflowsPath: source.workflowsPath, bundlerOptions: { webpackConfigHook: source.webpackConfigHook } };
    // The client that wakes the notification dispatcher after an activity wrote to the outbox.
    this.client = new Client({ connection: Connection.lazy({ address: this.config.temporal.address }), namespace: this.config.temporal.namespace });
    const { taskQueue } = this.config.temporal;
    const wake = () => wakeDispatcher(this.client!, taskQueue);
    this.channels = createChannels(this.ds, this.config);
    this.logger.log(
      this.config.smtp
        ? `e-mail channel on: ${redactUrl(this.config.smtp.url)}, from ${this.config.smtp.from}`
        : 'e-mail channel off: SMTP_URL is unset (messages still reach the inbox and webhooks)',
    );
    this.worker = await Worker.create({
      connection,
      namespace: this.config.temporal.namespace,
      taskQueue,
      activities: createActivities({ dataSource: this.ds, channels: this.channels, wakeDispatcher: wake }),
      ...workflows,
      ...WORKER_TIMING, // how fast work resumes after a crash: see the file
    });
    this.running = this.worker.run().finally(() => connection.close());
    this.running.catch((err) => {
      this.logger.error(`worker stopped: ${(err as Error).message}`);
      process.exitCode = 1;
    });
    this.logger.log(`polling task queue ${this.config.temporal.taskQueue} on ${this.config.temporal.address}`);
    // Whatever was written while no worker ran (or was pending at a crash) goes out now.
    await wake().catch((err: Error) => this.logger.warn(`could not wake the notification dispatcher: ${err.message}`));
  }

  /** Graceful: stop polling, let in-flight activities finish, then close the connection. */
  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await Promise.all(this.channels.map((c) => c.close?.() ?? Promise.resolve()));
    await this.client?.connection.close();
  }
}

/** An SMTP URL as it may be logged: without its password. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'smtp://…';
  }
}
