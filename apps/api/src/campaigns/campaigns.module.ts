import { Module } from '@nestjs/common';
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

@Module({
  controllers: [CampaignsController, RecipientsController, CoSignChangesController],
  providers: [LaunchService, CommandsService, CampaignsService, RecipientsService, CampaignAccess, CoSignChangesService, CampaignUpdates],
  exports: [CampaignAccess, CommandsService, CampaignUpdates],
})
export class CampaignsModule {}
