import { Module } from '@nestjs/common';
import { CampaignAccess } from './campaign-access';
import { CampaignsController } from './campaigns.controller';
import { CampaignsService } from './campaigns.service';
import { RecipientsController } from './recipients.controller';
import { RecipientsService } from './recipients.service';

@Module({
  controllers: [CampaignsController, RecipientsController],
  providers: [CampaignsService, RecipientsService, CampaignAccess],
  exports: [CampaignAccess],
})
export class CampaignsModule {}
