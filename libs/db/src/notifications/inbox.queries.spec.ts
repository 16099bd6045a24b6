import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDataSource, seedCampaign } from '../spec-support';
import { inboxPage, markRead } from './inbox.queries';
import type { NotificationRole } from '@domain/messages';
import { writeNotifications } from './outbox';

/**
 * The inbox against real PostgreSQL. Each test addresses bodies of its own (codes no other spec
 * uses; notifications.agency is not a foreign key), so parallel specs never show up in its counts.
 */
describe('the inbox', () => {
  let ds: DataSource;
  const T = (minutes: number) => new Date(Date.parse('2023-08-01T01:00:00.000Z') + minutes * 60_000).toISOString();
  const body = () => `IX${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`;
  const all = { page: 1, pageSize: 100 };

  beforeAll(async () => {
    ds = await openDataSource();
  });

  afterAll(async () => {
    await ds.destroy();
  });

  /** A body told things in several roles and kinds, in two campaigns; answers the campaigns. */
  async function told(agency: string): Promise<{ a: string; b: string }> {
    const a = await seedCampaign(ds, { title: `收件箱 A ${agency}` });
    const b = await seedCampaign(ds, { title: `收件箱 B ${agency}` });
    await ds.query(`UPDATE campaigns SET doc_number = $2 WHERE id = $1`, [a, `科协发〔2023〕${agency}号`]);
    const to = (role: NotificationRole) => ({ agency, role });
    await writeNotifications(ds, a, [
      { kind: 'co-sign-request', key: `req:${agency}`, to: to('signer'), data: { version: 1, sha256: 'ab'.repeat(32), dueAt: '2023-08-02T18:00:00+08:00' }, at: T(1) },
      { kind: 'notice-delivered', key: `del:${agency}`, to: to('recipient'), data: { docNumber: '科协发〔2023〕12号' }, at: T(2) },
      { kind: 'results-reminder', key: `res:${agency}`, to: to('organizer'), data: { activities: 2, titles: ['甲', '乙'], day: '2023-09-25' }, at: T(3) },
      { kind: 'summary-reminder', key: `sum:${agency}`, to: to('reporting-unit'), data: { dueAt: '2023-10-10T18:00:00+08:00', workingDaysLeft: 3, day: '2023-10-05' }, at: T(4) },
    ]);
    await writeNotifications(ds, b, [
      { kind: 'ready-for-sign-off', key: `ready:${agency}`, to: to('secretariat'), data: { version: 1, signers: 2 }, at: T(5) },
      { kind: 'notice-delivered', key: `del:${agency}`, to: to('recipient'), data: { docNumber: '科协发〔2023〕13号' }, at: T(6) },
    ]);
    // What concerns no campaign (an endpoint disabled) is addressed the same way, with no campaign.
    await ds.query(
      `INSERT INTO notifications (campaign_id, idempotency_key, agency, role, kind, reason, data, created_at)
       VALUES (NULL, $1, $2, 'secretariat', 'webhook-disabled', 'the webhook endpoint https://oa.example/hook has failed since … and was disabled', '{}', $3)`,
      [`webhook-disabled:${agency}`, agency, T(7)],
    );
    return { a, b };
  }

  it('answers what is addressed to the body in the roles read, newest first, with the campaign (or none)', async () => {
    const agency = body();
    const { a, b } = await told(agency);
    const recipient = await inboxPage(ds, { agency, roles: ['recipient', 'organizer', 'reporting-unit'] }, all);
    expect(recipient.items.map((n) => [n.kind, n.role, n.campaignId])).toEqual([
      ['notice-delivered', 'recipient', b],
      ['summary-reminder', 'reporting-unit', a],
      ['results-reminder', 'organizer', a],
      ['notice-delivered', 'recipient', a],
    ]);
    expect(recipient).toMatchObject({ total: 4, unread: 4 });
    expect(recipient.items[3]).toMatchObject({
      id: expect.stringMatching(/^\d+$/),
      campaignTitle: `收件箱 A ${agency}`,
      docNumber: `科协发〔2023〕${agency}号`,
      reason: '科协发〔2023〕12号 主送: please acknowledge receipt (签收)',
      data: { docNumber: '科协发〔2023〕12号' },
      createdAt: new Date(T(2)),
      readAt: null,
      readBy: null,
    });
    const secretariat = await inboxPage(ds, { agency, roles: ['secretariat'] }, all);
    expect(secretariat.items.map((n) => [n.kind, n.campaignId, n.campaignTitle, n.docNumber])).toEqual([
      ['webhook-disabled', null, null, null],
      ['ready-for-sign-off', b, `收件箱 B ${agency}`, null],
    ]);
    // Another body sees none of it; no role reads nothing.
    expect(await inboxPage(ds, { agency: body(), roles: ['secretariat', 'signer', 'recipient', 'organizer', 'reporting-unit'] }, all)).toEqual({ items: [], total: 0, unread: 0 });
    expect((await inboxPage(ds, { agency, roles: [] }, all)).total).toBe(0);
  });

  it('filters by kind, campaign and read state; unread counts under the kind and campaign filters; pages', async () => {
    const agency = body();
    const { a, b } = await told(agency);
    const roles: NotificationRole[] = ['signer', 'secretariat', 'recipient', 'organizer', 'reporting-unit'];
    const kinds = await inboxPage(ds, { agency, roles, kinds: ['notice-delivered', 'ready-for-sign-off'] }, all);
    expect(kinds.items.map((n) => n.kind)).toEqual(['notice-delivered', 'ready-for-sign-off', 'notice-delivered']);
    expect((await inboxPage(ds, { agency, roles, kinds: [] }, all)).total).toBe(0);
    const inA = await inboxPage(ds, { agency, roles, campaignId: a }, all);
    expect(inA.items.map((n) => n.kind)).toEqual(['summary-reminder', 'results-reminder', 'notice-delivered', 'co-sign-request']);

    const [first] = inA.items.slice(-1);
    expect(await markRead(ds, { agency, roles: ['signer'], ids: [first.id], by: 'cpd-signer', at: T(30) })).toEqual({ marked: 1, notYours: [] });
    const unread = await inboxPage(ds, { agency, roles, campaignId: a, unread: true }, all);
    expect(unread).toMatchObject({ total: 3, unread: 3 });
    expect(unread.items.map((n) => n.kind)).not.toContain('co-sign-request');
    const read = await inboxPage(ds, { agency, roles, campaignId: a, unread: false }, all);
    expect(read.items.map((n) => [n.kind, n.readAt, n.readBy])).toEqual([['co-sign-request', new Date(T(30)), 'cpd-signer']]);
    // unread is counted under kind and campaign, whatever the read-state filter asks.
    expect(read).toMatchObject({ total: 1, unread: 3 });
    expect(await inboxPage(ds, { agency, roles, campaignId: b }, all)).toMatchObject({ total: 2, unread: 2 });
    expect(await inboxPage(ds, { agency, roles }, all)).toMatchObject({ total: 7, unread: 6 });

    const page2 = await inboxPage(ds, { agency, roles }, { page: 2, pageSize: 3 });
    expect(page2).toMatchObject({ total: 7, unread: 6 });
    expect(page2.items.map((n) => n.kind)).toEqual(['summary-reminder', 'results-reminder', 'notice-delivered']);
    expect((await inboxPage(ds, { agency, roles }, { page: 4, pageSize: 3 })).items).toEqual([]);
  });

  it('marks read only what is addressed to the body in the roles read: all of it or nothing, naming the rest', async () => {
    const agency = body();
    const other = body();
    const { a } = await told(agency);
    await told(other);
    const mine = (await inboxPage(ds, { agency, roles: ['recipient', 'organizer', 'reporting-unit'], campaignId: a }, all)).items.map((n) => n.id);
    const signers = (await inboxPage(ds, { agency, roles: ['signer'] }, all)).items.map((n) => n.id);
    const theirs = (await inboxPage(ds, { agency: other, roles: ['recipient'] }, all)).items.map((n) => n.id);
    expect(mine).toHaveLength(3);

    // Another body's, another role's and an unknown id: nothing is marked, those are named in the order given.
    const refused = await markRead(ds, { agency, roles: ['recipient', 'organizer', 'reporting-unit'], ids: [mine[0], theirs[0], signers[0], '999999999999999999', mine[1]], by: 'x', at: T(40) });
    expect(refused).toEqual({ marked: 0, notYours: [theirs[0], signers[0], '999999999999999999'] });
    expect((await inboxPage(ds, { agency, roles: ['recipient', 'organizer', 'reporting-unit'], campaignId: a }, all)).unread).toBe(3);

    // A repeated id counts once; a notification read before keeps its first reading.
    expect(await markRead(ds, { agency, roles: ['recipient', 'organizer', 'reporting-unit'], ids: [mine[0], mine[0], mine[1]], by: 'ha-recipient', at: T(41) })).toEqual({ marked: 2, notYours: [] });
    expect(await markRead(ds, { agency, roles: ['recipient', 'organizer', 'reporting-unit'], ids: [mine[0], mine[2]], by: 'someone-else', at: T(42) })).toEqual({ marked: 1, notYours: [] });
    const after = await inboxPage(ds, { agency, roles: ['recipient', 'organizer', 'reporting-unit'], campaignId: a }, all);
    expect(after.unread).toBe(0);
    expect(after.items.find((n) => n.id === mine[0])).toMatchObject({ readAt: new Date(T(41)), readBy: 'ha-recipient' });
    // The other body's inbox is untouched.
    expect((await inboxPage(ds, { agency: other, roles: ['recipient'] }, all)).unread).toBe(2);
  });
});
