import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@config/config';
import { AppConfigModule } from '@config/config.module';
import { dataSourceOptions } from '@db/data-source';
import { TemporalClientModule } from '@temporal/temporal-client.module';
import { AccountsModule } from './accounts/accounts.module';
import { AgenciesModule } from './agencies/agencies.module';
import { CalendarModule } from './calendar/calendar.module';
import { CampaignEventsModule } from './campaign-events/campaign-events.module';
import { AuthGuard } from './auth/auth';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ContactsModule } from './contacts/contacts.module';
import { DefinitionsModule } from './definitions/definitions.module';
import { AllExceptionsFilter } from './common/http-exception.filter';
import { MediaTypeInterceptor } from './common/media-type';
import { createValidationPipe } from './common/validation';
import { DocNumbersModule } from './doc-numbers/doc-numbers.module';
import { DocumentsModule } from './documents/documents.module';
import { HealthModule } from './health/health.module';
import { InboxModule } from './inbox/inbox.module';
import { NoticeCommentsModule } from './notice-comments/notice-comments.module';
import { InternalStepsModule } from './internal-steps/internal-steps.module';
import { ReportsModule } from './reports/reports.module';
import { TodoModule } from './todo/todo.module';
import { WebhooksModule } from './webhooks/webhooks.module';

export class ApiModule {
  static forRoot(config: AppConfig) {
    @Module({
      imports: [
        AppConfigModule.forRoot(config),
        TypeOrmModule.forRootAsync({
          inject: [APP_CONFIG],
          // Migrations run at start; never synchronize.
          useFactory: (c: AppConfig) => ({ ...dataSourceOptions(c.databaseUrl), migrationsRun: true }),
        }),
        TemporalClientModule,
        AgenciesModule,
        ContactsModule,
        DocNumbersModule,
        CampaignsModule,
        DefinitionsModule,
        DocumentsModule,
        CampaignEventsModule,
        ReportsModule,
        CalendarModule,
        InboxModule,
        TodoModule,
        WebhooksModule,
        HealthModule,
        AccountsModule,
        NoticeCommentsModule,
        InternalStepsModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_INTERCEPTOR, useClass: MediaTypeInterceptor },
      ],
    })
    class AppModule {}
    return AppModule;
  }
}
