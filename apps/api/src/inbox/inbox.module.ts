import { Module } from '@nestjs/common';
import { InboxController } from './inbox.controller';
import { InboxService } from './inbox.service';

/** The inbox (收件箱): what the caller's body was told, and marking it read. */
@Module({ controllers: [InboxController], providers: [InboxService] })
export class InboxModule {}
