/**
 * A worker in a process of its own, for specs that kill one the hard way (SIGKILL), as a crash,
 * an OOM kill or a lost host would: apps/worker's module with the configuration of the
 * environment it is given. Prints "ready" once it polls its task queue.
 *
 *   spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', thisFile], { env })
 */
import { NestFactory } from '@nestjs/core';
import { WorkerModule } from '@worker/worker.module';
import { loadConfig } from '@config/config';

async function main(): Promise<void> {
  await NestFactory.createApplicationContext(WorkerModule.forRoot(loadConfig()), { logger: ['error', 'warn'] });
  process.stdout.write('ready\n');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
