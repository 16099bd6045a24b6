import { Module } from '@nestjs/common';
import { ContactsController } from './contacts.controller';
import { ContactsService } from './contacts.service';

/** The people of each body: kept by its secretariat, imported by the platform's administrators. */
@Module({
  controllers: [ContactsController],
  providers: [ContactsService],
})
export class ContactsModule {}
