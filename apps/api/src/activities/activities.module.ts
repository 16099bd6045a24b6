import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { ActivitiesController } from './activities.controller';
import { ActivitiesService } from './activities.service';

/** Activities (活动) registered under a campaign: one by one, bulk import, results, listing, counts. */
@Module({ imports: [CampaignsModule], controllers: [ActivitiesController], providers: [ActivitiesService] })
export class ActivitiesModule {}
