import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { CommendationsService } from './commendations.service';
import { ReportsController } from './reports.controller';
import { SummariesService } from './summaries.service';

/** Report-back (总结报送) and commendation (表扬 / 推荐). */
@Module({ imports: [CampaignsModule], controllers: [ReportsController], providers: [SummariesService, CommendationsService] })
export class ReportsModule {}
