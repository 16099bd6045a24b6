import type { DataSource } from 'typeorm';
import { openDataSource, recipients, seedCampaign } from '../spec-support';
import type { NotificationFacts, NotificationKind } from '@domain/messages';
import { renderReason } from '@domain/messages';
import { REASON_SQL } from './notification-facts';
import { deleteNotification, listNotifications, notificationKey, writeNotifications } from './outbox';

/** The outbox writer against real PostgreSQL: keys, fields, audiences, set-based sources, texts. */
describe('the outbox writer', () => {
  let ds: DataSource;
  const AT = '2023-09-01T01:00:00.000Z';

  beforeAll(async () => {
    ds = await openDataSource();
  });

  afterAll(async () => {
    await ds.destroy();
  });

  const outbox = (campaignId: string) =>
    ds.query(
      `SELECT idempotency_key AS key, agency, role, kind, reason, data, created_at AS "createdAt" FROM notifications WHERE campaign_id = $1 ORDER BY idempotency_key`,
      [campaignId],
    ) as Promise<{ key: string; agency: string; role: string; kind: string; reason: string; data: Record<string, unknown>; createdAt: Date }[]>;

  it('writes messages to named bodies in one go, each once: the key is <campaign>:<key>, a retry writes nothing', async () => {
    const id = await seedCampaign(ds);
    const messages = [
      { kind: 'rejection', key: 'rejection:CAC:v1', to: { agency: 'CAST', role: 'secretariat' }, data: { agency: 'CAC', version: 1, comment: '请补充' }, at: AT },
      { kind: 'issued', key: 'issued:MOE', to: { agency: 'MOE', role: 'signer' }, data: { docNumber: '科协发〔2023〕12号' }, at: AT },
      // The co-signing workflow scopes its keys itself: kept as they are, not scoped twice.
      { kind: 'withdrawn', key: `${id}:withdrawn:CAC`, to: { agency: 'CAC', role: 'signer' }, reason: 'the lead withdrew the notice: 重复', at: AT },
    ] as const;
    expect(await writeNotifications(ds, id, messages)).toBe(3);
    expect(await writeNotifications(ds, id, messages)).toBe(0);
    const rows = await outbox(id);
    expect(rows.map((r) => [r.key, r.agency, r.role, r.kind, r.reason])).toEqual([
      [`${id}:issued:MOE`, 'MOE', 'signer', 'issued', 'the joint notice was issued as 科协发〔2023〕12号'],
      [`${id}:rejection:CAC:v1`, 'CAST', 'secretariat', 'rejection', 'CAC rejected version 1: 请补充'],
      [`${id}:withdrawn:CAC`, 'CAC', 'signer', 'withdrawn', 'the lead withdrew the notice: 重复'],
    ]);
    expect(rows[1].data).toEqual({ agency: 'CAC', version: 1, comment: '请补充' });
    expect(rows[2].data).toEqual({});
    expect(rows.every((r) => r.createdAt.toISOString() === AT)).toBe(true);
  });

  it('reaches an audience of the campaign in one statement: each body gets <campaign>:<key>:<agency>, in its role', async () => {
    const parent = await seedCampaign(ds, { recipients: recipients(['HA_CAST', 'BJ_CAST', 'MOE'], ['CAC'], ['HA_CAST', 'BJ_CAST']) });
    await seedCampaign(ds, { lead: 'HA_CAST', relayOf: { id: parent, leadAgency: 'CAST' } });
    await seedCampaign(ds, { lead: 'BJ_CAST', relayOf: { id: parent, leadAgency: 'CAST' } });
    const say = (audience: 'main' | 'recipients' | 'reporting' | 'lead' | 'children') =>
      writeNotifications(ds, parent, { kind: 'commendations-published', key: `k-${audience}`, to: { audience }, data: { commended: 3 }, at: AT });
    expect(await say('main')).toBe(3);
    expect(await say('recipients')).toBe(4);
    expect(await say('reporting')).toBe(2);
    expect(await say('lead')).toBe(1);
    expect(await say('children')).toBe(2);
    expect(await say('recipients')).toBe(0);
    const rows = (await outbox(parent)).filter((r) => r.kind === 'commendations-published');
    const to = (audience: string) => rows.filter((r) => r.key.startsWith(`${parent}:k-${audience}:`)).map((r) => `${r.agency}/${r.role}`);
    expect(to('main')).toEqual(['BJ_CAST/recipient', 'HA_CAST/recipient', 'MOE/recipient']);
    expect(to('recipients')).toEqual(['BJ_CAST/recipient', 'CAC/recipient', 'HA_CAST/recipient', 'MOE/recipient']);
    expect(to('reporting')).toEqual(['BJ_CAST/reporting-unit', 'HA_CAST/reporting-unit']);
    expect(to('lead')).toEqual(['CAST/secretariat']);
    expect(to('children')).toEqual(['BJ_CAST/secretariat', 'HA_CAST/secretariat']);
    expect(rows.find((r) => r.key === `${parent}:k-lead:CAST`)!.reason).toBe('the commendation list (表扬名单) is published: 3 commended');
  });

  it('takes a set-based source: its CTE runs once, each row adds a key suffix and its own facts, the text comes from the facts', async () => {
    const id = await seedCampaign(ds, { recipients: recipients(['HA_CAST', 'BJ_CAST']) });
    const source = {
      with: `due AS (UPDATE campaign_recipients SET reminders_sent = reminders_sent + 1 WHERE campaign_id = $1::uuid RETURNING agency, reminders_sent)`,
      sql: `SELECT agency, 'recipient'::text AS role, $2::text AS key_suffix, jsonb_build_object('reminder', reminders_sent) AS data FROM due`,
      params: [id, '2023-09-04'],
    };
    expect(await writeNotifications(ds, id, { kind: 'ack-reminder', key: 'ack-reminder', to: { query: source }, data: { day: '2023-09-04' }, at: AT })).toBe(2);
    const rows = await outbox(id);
    expect(rows.map((r) => [r.key, r.reason, r.data])).toEqual([
      [`${id}:ack-reminder:BJ_CAST:2023-09-04`, 'reminder 1: please acknowledge receipt (签收) of the notice', { reminder: 1, day: '2023-09-04' }],
      [`${id}:ack-reminder:HA_CAST:2023-09-04`, 'reminder 1: please acknowledge receipt (签收) of the notice', { reminder: 1, day: '2023-09-04' }],
    ]);
    // The same day again: the CTE counts again (the caller's WHERE decides who is due), the keys hold.
    expect(await writeNotifications(ds, id, { kind: 'ack-reminder', key: 'ack-reminder', to: { query: source }, at: AT })).toBe(0);
  });

  it('sends a once-per-campaign message from a query when perRecipient is false: the key is used as given', async () => {
    const id = await seedCampaign(ds);
    const once = {
      perRecipient: false,
      sql: `SELECT lead_agency AS agency, 'secretariat'::text AS role, NULL::text AS key_suffix, jsonb_build_object('missing', 2, 'units', jsonb_build_array('BJ_CAST', 'HA_CAST')) AS data FROM campaigns WHERE id = $1::uuid`,
      params: [id],
    };
    const msg = { kind: 'escalation', key: 'summary-escalation', to: { query: once }, data: { subject: 'summary', dueAt: '2023-10-10T18:00:00+08:00' }, at: AT } as const;
    expect(await writeNotifications(ds, id, msg)).toBe(1);
    expect(await writeNotifications(ds, id, msg)).toBe(0);
    const [row] = await outbox(id);
    expect(row.key).toBe(`${id}:summary-escalation`);
    expect(row.reason).toBe('summary deadline 2023-10-10T18:00:00+08:00 passed; 2 reporting unit(s) have not reported: BJ_CAST, HA_CAST');
  });

  it('writes inside the caller’s transaction: rolled back with it', async () => {
    const id = await seedCampaign(ds);
    await expect(
      ds.transaction(async (m) => {
        await writeNotifications(m, id, { kind: 'issued', key: 'issued:CAST', to: { agency: 'CAST', role: 'secretariat' }, data: { docNumber: 'X〔2023〕1号' }, at: AT });
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    expect(await outbox(id)).toEqual([]);
  });

  it('lists a campaign’s messages oldest first, by kind and body, paged; takes one back by its key', async () => {
    const id = await seedCampaign(ds);
    const at = (min: number) => `2023-09-01T01:${String(min).padStart(2, '0')}:00.000Z`;
    await writeNotifications(ds, id, [
      { kind: 'issued', key: 'issued:CAST', to: { agency: 'CAST', role: 'secretariat' }, data: { docNumber: 'X' }, at: at(3) },
      { kind: 'issued', key: 'issued:MOE', to: { agency: 'MOE', role: 'signer' }, data: { docNumber: 'X' }, at: at(1) },
      { kind: 'relay-launched', key: 'relay-launched:x', to: { agency: 'CAST', role: 'secretariat' }, data: { relayCampaignId: 'x', relayLead: 'HA_CAST', title: 'T' }, at: at(2) },
    ]);
    const all = await listNotifications(ds, id);
    expect(all.total).toBe(3);
    expect(all.rows.map((n) => n.idempotencyKey)).toEqual([notificationKey(id, 'issued:MOE'), notificationKey(id, 'relay-launched:x'), notificationKey(id, 'issued:CAST')]);
    expect((await listNotifications(ds, id, { kinds: ['issued'], agency: 'CAST' })).rows.map((n) => n.agency)).toEqual(['CAST']);
    expect((await listNotifications(ds, id, { kinds: [] })).total).toBe(0);
    const second = await listNotifications(ds, id, { page: 2, pageSize: 2 });
    expect([second.total, second.rows.length, second.rows[0].kind]).toEqual([3, 1, 'issued']);
    await deleteNotification(ds, id, 'relay-launched:x');
    expect((await listNotifications(ds, id)).rows.map((n) => n.kind)).toEqual(['issued', 'issued']);
  });
});

describe('notification texts rendered from facts (libs/domain/src/messages/en.spec.ts has the texts themselves)', () => {
  describe('in SQL, for set-based writes: the same text as in TypeScript', () => {
    let ds: DataSource;
    beforeAll(async () => {
      ds = await openDataSource();
    });
    afterAll(async () => {
      await ds.destroy();
    });

    const titles = Array.from({ length: 60 }, (_, i) => `活动${String(i).padStart(2, '0')}：${'科普'.repeat(i % 5)}`);
    const cases: { kind: NotificationKind; facts: Partial<NotificationFacts[NotificationKind]> }[] = [
      { kind: 'ack-reminder', facts: { reminder: 3, day: '2023-09-04' } },
      { kind: 'results-reminder', facts: { activities: 2, titles: ['河南省科普日启动仪式', '郑州市科普讲座'], day: 'd' } },
      { kind: 'results-reminder', facts: { activities: 60, titles, day: 'd' } },
      { kind: 'escalation', facts: { subject: 'summary', dueAt: 'D', missing: 300, units: Array.from({ length: 300 }, (_, i) => `UNIT_${i}`) } },
    ];
    it.each(cases)('$kind', async ({ kind, facts }) => {
      const [{ text }] = (await ds.query(`SELECT ${REASON_SQL[kind]!('$1::jsonb')} AS text`, [JSON.stringify(facts)])) as { text: string }[];
      expect(text).toBe(renderReason(kind, facts));
    });

    it('none where the facts do not fit (the writer then uses the shared text)', async () => {
      const [{ text }] = (await ds.query(`SELECT ${REASON_SQL.escalation!('$1::jsonb')} AS text`, [JSON.stringify({ subject: 'co-sign' })])) as { text: string | null }[];
      expect(text).toBeNull();
    });
  });
});
