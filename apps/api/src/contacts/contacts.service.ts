import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { agencyCodes, agencyExists } from '@db/agencies/agency.queries';
import type { ContactRow } from '@db/contacts/contact.queries';
import { deleteContact, importContacts, insertContact, listContacts, updateContact } from '@db/contacts/contact.queries';
import { isPlatformAdmin, Principal } from '@domain/auth';
import { canonicalContact, readContactCsv } from '@domain/contact';
import { AGENCY_CODE } from '@domain/definition';
import { isUuid } from '@domain/ids';
import { ApiError } from '../common/api-error';
import { isoOrNull } from '../common/dates';
import type { ContactDto } from './dto/contact.dto';

/**
 * The people of each body: read by the body's own people, kept by its secretariat, imported by
 * the platform's administrators. A contact is always addressed through its body, so an id of
 * another body's contact is not found (404), never touched.
 */
@Injectable()
export class ContactsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(who: Principal, code: string) {
    await this.existing(code);
    if (!isPlatformAdmin(who) && who.agency !== code) throw ApiError.forbidden(`${who.agency} cannot read the contacts of ${code}`);
    return (await listContacts(this.ds, code)).map(view);
  }

  async create(who: Principal, code: string, dto: ContactDto) {
    await this.keeper(who, code);
    return view(await insertContact(this.ds, code, canonicalContact(dto)));
  }

  async replace(who: Principal, code: string, contactId: string, dto: ContactDto) {
    await this.keeper(who, code);
    const updated = isUuid(contactId) ? await updateContact(this.ds, code, contactId, canonicalContact(dto)) : null;
    if (!updated) throw ApiError.notFound(`contact ${contactId} of ${code}`);
    return view(updated);
  }

  async remove(who: Principal, code: string, contactId: string): Promise<void> {
    await this.keeper(who, code);
    if (!isUuid(contactId) || !(await deleteContact(this.ds, code, contactId))) throw ApiError.notFound(`contact ${contactId} of ${code}`);
  }

  /** Every row checked first (libs/domain/src/contact.ts), then all of them stored in one statement: all or none. */
  async import(body: unknown) {
    const read = readContactCsv(body, await agencyCodes(this.ds));
    if ('problems' in read) throw ApiError.validation(read.problems);
    const counts = await importContacts(this.ds, read.contacts);
    return { rows: read.contacts.length, ...counts };
  }

  private async existing(code: string): Promise<void> {
    if (!AGENCY_CODE.test(code) || !(await agencyExists(this.ds, code))) throw ApiError.notFound(`agency ${code}`);
  }

  /** The body's own secretariat keeps its people; the platform's administrators may too. */
  private async keeper(who: Principal, code: string): Promise<void> {
    await this.existing(code);
    if (isPlatformAdmin(who)) return;
    if (who.agency !== code) throw ApiError.forbidden(`${who.agency} cannot change the contacts of ${code}`);
    if (!who.roles.includes('secretariat')) throw ApiError.forbidden(`only the secretariat of ${code} keeps its contacts`);
  }
}

/** A contact as the API answers it. */
function view(c: ContactRow) {
  return {
    id: c.id,
    agency: c.agency,
    name: c.name,
    roles: c.roles,
    email: c.email,
    phone: c.phone,
    language: c.language,
    channels: c.channels,
    createdAt: isoOrNull(c.createdAt),
    updatedAt: isoOrNull(c.updatedAt),
  };
}
