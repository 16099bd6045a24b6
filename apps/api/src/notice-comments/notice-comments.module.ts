import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { NoticeCommentsController } from './notice-comments.controller';
import { NoticeCommentsService } from './notice-comments.service';

/** Comments (意见) on passages of the notice during co-signing (issue 12). */
@Module({ imports: [CampaignsModule], controllers: [NoticeCommentsController], providers: [NoticeCommentsService] })
export class NoticeCommentsModule {}
