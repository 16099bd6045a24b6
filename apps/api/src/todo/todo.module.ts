import { Module } from '@nestjs/common';
import { TodoController } from './todo.controller';
import { TodoService } from './todo.service';

/** The to-do list (待办): what the caller's body must do now. */
@Module({ controllers: [TodoController], providers: [TodoService] })
export class TodoModule {}
