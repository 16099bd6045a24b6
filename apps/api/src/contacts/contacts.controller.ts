import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@domain/auth';
import { CONTACT_CSV_COLUMNS, MAX_CONTACT_ROWS } from '@domain/contact';
import { CurrentPrincipal, PlatformAdmin, Roles } from '../auth/auth';
import { Consumes, csvSchema } from '../common/media-type';
import { CSV_TYPES } from '../campaign-events/campaign-events.controller';
import { ContactsService } from './contacts.service';
import { ContactDto } from './dto/contact.dto';

/** Where the import is served: app.factory.ts reads its CSV body as text. */
export const CONTACT_IMPORT_PATH = '/api/v1/contacts/import';

/** The people of each body in the directory, whom notifications reach. */
@ApiTags('contacts')
@ApiBearerAuth()
@Controller('api/v1')
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Post('contacts/import')
  @HttpCode(200)
  @Roles('admin')
  @PlatformAdmin()
  @Consumes(...CSV_TYPES)
  @ApiBody({ schema: csvSchema(CONTACT_CSV_COLUMNS, 'CSV: a header row naming the columns, then one person per line; roles and channels separated by |') })
  @ApiOperation({
    summary: `Import contacts from CSV (platform administration), up to ${MAX_CONTACT_ROWS} rows: all or none, row errors named; a row updates the same person of its body or adds one`,
  })
  import(@Body() body: unknown) {
    return this.contacts.import(body);
  }

  @Get('agencies/:code/contacts')
  @ApiOperation({ summary: 'The contacts of a body: its own people, or the platform’s administrators' })
  list(@CurrentPrincipal() who: Principal, @Param('code') code: string) {
    return this.contacts.list(who, code);
  }

  @Post('agencies/:code/contacts')
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Add a contact to a body: its secretariat, or the platform’s administrators' })
  create(@CurrentPrincipal() who: Principal, @Param('code') code: string, @Body() dto: ContactDto) {
    return this.contacts.create(who, code, dto);
  }

  @Put('agencies/:code/contacts/:contactId')
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Replace a contact of a body (what is left out takes its default): its secretariat, or the platform’s administrators' })
  replace(@CurrentPrincipal() who: Principal, @Param('code') code: string, @Param('contactId') contactId: string, @Body() dto: ContactDto) {
    return this.contacts.replace(who, code, contactId, dto);
  }

  @Delete('agencies/:code/contacts/:contactId')
  @HttpCode(204)
  @Roles('secretariat', 'admin')
  @ApiOperation({ summary: 'Remove a contact of a body: its secretariat, or the platform’s administrators' })
  async remove(@CurrentPrincipal() who: Principal, @Param('code') code: string, @Param('contactId') contactId: string): Promise<void> {
    await this.contacts.remove(who, code, contactId);
  }
}
