import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal } from '../auth/auth';
import { TodoService } from './todo.service';

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('api/v1/todo')
export class TodoController {
  constructor(private readonly todo: TodoService) {}

  @Get()
  @ApiOperation({
    summary: 'What the caller’s body must do now (待办), from live state, most urgent first: co-sign, sign off, acknowledge, add results, submit the summary, decide nominations',
  })
  list(@CurrentPrincipal() who: Principal) {
    return this.todo.list(who);
  }
}
