import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal, Roles } from '../auth/auth';
import { AccountsService } from './accounts.service';
import { CreateUserDto, UpdateUserDto } from './dto/accounts.dto';

/** Accounts: the platform's administrators manage all of them, a body's secretariat its own body's. */
@ApiTags('accounts')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'The accounts: every one for the platform’s administrators, a body’s own for its secretariat' })
  list(@CurrentPrincipal() who: Principal) {
    return this.accounts.list(who);
  }

  @Post()
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Add an account (a body’s secretariat: to its own body, without the role admin); 409 when the login is taken' })
  create(@CurrentPrincipal() who: Principal, @Body() dto: CreateUserDto) {
    return this.accounts.create(who, dto);
  }

  @Patch(':userId')
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Change an account: name, e-mail, roles, password; active: false deactivates it and ends its sessions' })
  update(@CurrentPrincipal() who: Principal, @Param('userId') id: string, @Body() dto: UpdateUserDto) {
    return this.accounts.update(who, id, dto);
  }
}
