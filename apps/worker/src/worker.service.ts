import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { NativeConnection, Worker, WorkerOptions } from '@temporalio/worker';
import { existsSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { createActivities } from '@activities';
import { APP_CONFIG, AppConfig } from '@config/config';
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
    this.worker = await Worker.create({
      connection,
      namespace: this.config.temporal.namespace,
      taskQueue: this.config.temporal.taskQueue,
      activities: createActivities({ dataSource: this.ds }),
      ...workflows,
      ...WORKER_TIMING, // how fast work resumes after a crash: see the file
    });
    this.running = this.worker.run().finally(() => connection.close());
    this.running.catch((err) => {
      this.logger.error(`worker stopped: ${(err as Error).message}`);
      process.exitCode = 1;
    });
    this.logger.log(`polling task queue ${this.config.temporal.taskQueue} on ${this.config.temporal.address}`);
  }

  /** Graceful: stop polling, let in-flight activities finish, then close the connection. */
  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
  }
}
