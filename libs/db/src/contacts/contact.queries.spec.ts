import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ContactFields, ImportedContact } from '@domain/contact';
import { insertAgencies } from '../agencies/agency.queries';
import { openDataSource } from '../spec-support';
import { deleteContact, importContacts, insertContact, listContacts, updateContact } from './contact.queries';

describe('contact queries', () => {
  let ds: DataSource;
  // Bodies of this spec's own (parallel workers share the database); deleting them removes their contacts.
  const tag = randomUUID().slice(0, 6).toUpperCase().replace(/[^A-Z]/g, 'X');
  const region = `SPECC${tag}`;
  const A = `SPECC_${tag}_A`;
  const B = `SPECC_${tag}_B`;
  const person = (over: Partial<ContactFields> = {}): ContactFields => ({
    name: '张三',
    roles: ['secretariat'],
    email: 'zhangsan@example.org',
    phone: '010-68512519',
    language: 'zh-CN',
    channels: ['email'],
    ...over,
  });
  const row = (agency: string, over: Partial<ContactFields> = {}): ImportedContact => ({ agency, ...person(over) });
  const names = async (agency: string) => (await listContacts(ds, agency)).map((c) => [c.name, c.email, c.roles.join('|')]).sort();

  beforeAll(async () => {
    ds = await openDataSource();
    const body = (code: string) => ({ code, name: code, shortName: code, level: 'municipal' as const, parentCode: null, kind: 'CAST', region, regionName: null, regionType: 'city', parentRegion: 'HA' });
    await insertAgencies(ds, [body(A), body(B)]);
  });

  afterAll(async () => {
    await ds.query('DELETE FROM agencies WHERE region = $1', [region]);
    await ds.destroy();
  });

  it('lists the seeded contacts of CAST and HA_CAST (migration 0007)', async () => {
    expect((await listContacts(ds, 'HA_CAST')).slice(0, 2)).toEqual([
      expect.objectContaining({ id: '6f1c0a5e-2c64-4d71-9a51-000000000005', agency: 'HA_CAST', name: '李二静', roles: ['secretariat'], email: 'henankepu@163.com', phone: '0371-65709215', language: 'zh-CN', channels: ['email'], createdAt: expect.any(Date) }),
      expect.objectContaining({ name: '高汶静' }),
    ]);
    expect((await listContacts(ds, 'CAST')).map((c) => c.name)).toEqual(expect.arrayContaining(['王晓萌', '刘天扬', '蒙昌乐', '赵婷婷']));
  });

  it('inserts, updates and deletes a contact only within its own body', async () => {
    const c = await insertContact(ds, A, person());
    expect(c).toEqual({ id: expect.any(String), agency: A, ...person(), createdAt: expect.any(Date), updatedAt: expect.any(Date) });
    expect(await listContacts(ds, A)).toEqual([c]);

    // Another body's id is not found, and the contact is untouched.
    expect(await updateContact(ds, B, c.id, person({ name: '李四' }))).toBeNull();
    expect(await deleteContact(ds, B, c.id)).toBe(false);
    expect(await listContacts(ds, A)).toEqual([c]);

    const same = await updateContact(ds, A, c.id, person());
    expect(same).toEqual(c); // nothing changed: updated_at stays
    const changed = await updateContact(ds, A, c.id, person({ roles: ['secretariat', 'signer'], email: null, language: 'en' }));
    expect(changed).toMatchObject({ id: c.id, roles: ['secretariat', 'signer'], email: null, language: 'en', createdAt: c.createdAt });
    expect(changed!.updatedAt.getTime()).toBeGreaterThan(c.updatedAt.getTime());

    expect(await deleteContact(ds, A, c.id)).toBe(true);
    expect(await deleteContact(ds, A, c.id)).toBe(false);
    expect(await listContacts(ds, A)).toEqual([]);
    expect(await updateContact(ds, A, c.id, person())).toBeNull();
  });

  it('imports in one statement: matched people updated, others inserted; the same file again changes nothing', async () => {
    await insertContact(ds, B, person({ name: '王五', email: 'Wangwu@Example.org' }));
    await insertContact(ds, B, person({ name: '赵六', email: null, phone: '010-1' }));
    const file = [
      row(B, { name: '王五', email: 'wangwu@example.org', roles: ['signer'] }), // same name and e-mail (either case): updated
      row(B, { name: '赵六', email: null, phone: '010-2' }), // same name, no e-mail: updated
      row(B, { name: '孙七', email: 'sunqi@example.org' }), // new
      row(A, { name: '王五', email: 'wangwu@example.org' }), // same person, another body: new
    ];
    expect(await importContacts(ds, file)).toEqual({ inserted: 2, updated: 2, unchanged: 0 });
    expect(await names(B)).toEqual([
      ['孙七', 'sunqi@example.org', 'secretariat'],
      ['王五', 'wangwu@example.org', 'signer'],
      ['赵六', null, 'secretariat'],
    ]);
    expect(await names(A)).toEqual([['王五', 'wangwu@example.org', 'secretariat']]);

    const before = await ds.query('SELECT id, updated_at FROM contacts WHERE agency IN ($1, $2) ORDER BY id', [A, B]);
    expect(await importContacts(ds, file)).toEqual({ inserted: 0, updated: 0, unchanged: 4 });
    expect(await ds.query('SELECT id, updated_at FROM contacts WHERE agency IN ($1, $2) ORDER BY id', [A, B])).toEqual(before);
  });

  it('matches by e-mail alone (a rename), name alone (an address added or dropped) only where that names one person', async () => {
    await ds.query('DELETE FROM contacts WHERE agency IN ($1, $2)', [A, B]);
    const renamed = await insertContact(ds, A, person({ name: '旧名', email: 'desk@example.org' }));
    const addressed = await insertContact(ds, A, person({ name: '周八', email: null }));
    // Two people sharing an office mailbox, and two of one name without an address.
    await insertContact(ds, B, person({ name: '王晓萌', email: 'shared@example.org' }));
    await insertContact(ds, B, person({ name: '刘天扬', email: 'shared@example.org' }));
    await insertContact(ds, B, person({ name: '同名', email: null }));
    await insertContact(ds, B, person({ name: '同名', email: null, phone: '010-2' }));

    const counts = await importContacts(ds, [
      row(A, { name: '新名', email: 'DESK@example.org' }), // the one contact with that e-mail: renamed
      row(A, { name: '周八', email: 'zhouba@example.org' }), // the one 周八 without an address: it gets one
      row(B, { name: '张三', email: 'shared@example.org' }), // the shared mailbox names two: a new person, nobody renamed
      row(B, { name: '同名', email: 'tongming@example.org' }), // two of that name without an address: a new person
    ]);
    expect(counts).toEqual({ inserted: 2, updated: 2, unchanged: 0 });
    const a = await listContacts(ds, A);
    expect(a).toHaveLength(2);
    expect(a.find((c) => c.id === renamed.id)).toMatchObject({ name: '新名', email: 'DESK@example.org' });
    expect(a.find((c) => c.id === addressed.id)).toMatchObject({ name: '周八', email: 'zhouba@example.org' });
    expect(await names(B)).toEqual([
      ['刘天扬', 'shared@example.org', 'secretariat'],
      ['同名', null, 'secretariat'],
      ['同名', null, 'secretariat'],
      ['同名', 'tongming@example.org', 'secretariat'],
      ['张三', 'shared@example.org', 'secretariat'],
      ['王晓萌', 'shared@example.org', 'secretariat'],
    ]);

    // A row without an e-mail matches the one contact of that name, whose address it drops.
    expect(await importContacts(ds, [row(A, { name: '新名', email: null })])).toEqual({ inserted: 0, updated: 1, unchanged: 0 });
    expect((await listContacts(ds, A)).find((c) => c.id === renamed.id)).toMatchObject({ name: '新名', email: null });
  });

  it('stores all rows or none', async () => {
    const before = await names(A);
    await expect(importContacts(ds, [row(A, { name: '全有' }), row('NO_SUCH_BODY', { name: '全无' })])).rejects.toThrow(/contacts_agency_fkey/);
    expect(await names(A)).toEqual(before);
  });
});
