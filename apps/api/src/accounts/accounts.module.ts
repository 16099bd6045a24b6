import { Module } from '@nestjs/common';
import { AccountsService } from './accounts.service';
import { AuthController } from './auth.controller';
import { UsersController } from './users.controller';

/** The console's accounts: login, refresh, logout, who am I, and the management of accounts. */
@Module({
  controllers: [AuthController, UsersController],
  providers: [AccountsService],
})
export class AccountsModule {}
