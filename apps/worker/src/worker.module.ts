import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@config/config';
import { AppConfigModule } from '@config/config.module';
import { dataSourceOptions } from '@db/data-source';
import { WorkerService } from './worker.service';

export class WorkerModule {
  static forRoot(config: AppConfig) {
    @Module({
      imports: [
        AppConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({ inject: [APP_CONFIG], useFactory: (c: AppConfig) => dataSourceOptions(c.databaseUrl) }),
      ],
      providers: [WorkerService],
    })
    class WorkerAppModule {}
    return WorkerAppModule;
  }
}
