import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { CampaignEventsController } from './campaign-events.controller';
import { CampaignEventsService } from './campaign-events.service';

/** Campaign events (活动) registered under a campaign: one by one, bulk import, results, listing, counts. */
@Module({ imports: [CampaignsModule], controllers: [CampaignEventsController], providers: [CampaignEventsService] })
export class CampaignEventsModule {}
