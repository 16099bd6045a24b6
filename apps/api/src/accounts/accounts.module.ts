import { Module } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG, AppConfig } from '@config/config';
import { AccountsService } from './accounts.service';
import { AuthController } from './auth.controller';
import { LoginThrottleGuard } from './login-throttle';
import { UsersController } from './users.controller';

/** The console's accounts: login, refresh, logout, who am I, and the management of accounts. */
@Module({
  imports: [
    // Only the login route is throttled (LoginThrottleGuard on it); the counts live in this process.
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => ({
        throttlers: [{ ttl: 60_000, limit: Math.max(1, c.loginRateLimit) }],
        skipIf: () => c.loginRateLimit === 0,
      }),
    }),
  ],
  controllers: [AuthController, UsersController],
  providers: [AccountsService, LoginThrottleGuard],
})
export class AccountsModule {}
