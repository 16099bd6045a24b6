import { Module } from '@nestjs/common';
import { CampaignsModule } from '../campaigns/campaigns.module';
import { InternalStepsController } from './internal-steps.controller';
import { InternalStepsService } from './internal-steps.service';

/** Internal sign-off (内部审签) and 转办 inside a co-signing agency, before its decision reaches the workflow. */
@Module({
  imports: [CampaignsModule],
  controllers: [InternalStepsController],
  providers: [InternalStepsService],
})
export class InternalStepsModule {}
