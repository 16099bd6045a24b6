import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { HealthController } from './health.controller';
import { ReadinessService } from './readiness.service';

/** /health/live and /health/ready (@nestjs/terminus); the DataSource and APP_CONFIG come from the app module. */
@Module({
  imports: [TerminusModule.forRoot()],
  controllers: [HealthController],
  providers: [ReadinessService],
})
export class HealthModule {}
