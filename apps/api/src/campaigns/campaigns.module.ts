import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { CampaignAccess } from './campaign-access';
import { CampaignUpdates } from './campaign-updates';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';
import { CoSignChangesController } from './co-sign-changes.controller';
import { CoSignChangesService } from './co-sign-changes.service';
import { CommandsService } from './commands.service';
import { LaunchService } from './launch.service';
import { RecipientsController } from './recipients.controller';
import { RecipientsService } from './recipients.service';
import { AnsweredWrites, ListsAfterAnswers } from './recorded';

@Module({
  controllers: [CampaignsController, RecipientsController, CoSignChangesController],
  providers: [LaunchService, CommandsService, CampaignsService, RecipientsService, CampaignAccess, CoSignChangesService, CampaignUpdates, AnsweredWrites],
  exports: [CampaignAccess, CommandsService, CampaignUpdates],
})
export class CampaignsModule implements NestModule {
  /** The lists that span campaigns wait for what this process answered (recorded.ts); one campaign's reads wait in CampaignAccess.find. */
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(ListsAfterAnswers)
      .forRoutes({ path: 'api/v1/campaigns', method: RequestMethod.GET }, { path: 'api/v1/todo', method: RequestMethod.GET }, { path: 'api/v1/inbox', method: RequestMethod.GET });
  }
}
