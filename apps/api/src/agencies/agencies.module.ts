import { Module } from '@nestjs/common';
import { AgenciesController } from './agencies.controller';
import { AgenciesService } from './agencies.service';

/** The directory of agencies and recipient bodies. */
@Module({
  controllers: [AgenciesController],
  providers: [AgenciesService],
})
export class AgenciesModule {}
