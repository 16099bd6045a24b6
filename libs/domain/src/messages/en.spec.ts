import type { NotificationKind } from './facts';
import { renderReason } from './en';

/**
 * The outbox's `reason` column is read by the API and its clients: rendered from facts it must read
 * byte for byte as the workflows and libs/db worded it before facts. (That the SQL rendering of the
 * set-based kinds agrees is libs/db/src/notifications/outbox.spec.ts.)
 */
describe('the English reason, rendered from facts', () => {
  /** The reasons as every writer of the outbox worded them before facts (copied from the call sites). */
  const TODAY: { kind: NotificationKind; facts: Record<string, unknown>; role?: 'secretariat' | 'signer'; text: string }[] = [
    { kind: 'co-sign-request', facts: { version: 2, sha256: 'ab12', dueAt: 'D' }, text: 'please co-sign notice version 2 (sha256 ab12) by D' },
    { kind: 'revision', facts: { version: 2, dueAt: 'D' }, text: 'the notice was revised to version 2: earlier decisions are void, please decide on the new text by D' },
    { kind: 'reminder', facts: { number: 1, version: 1, days: 2, dueAt: 'D' }, text: 'reminder 1: no decision on notice version 1 2 day(s) after being asked; co-sign due D' },
    { kind: 'rejection', facts: { agency: 'CAC', version: 1, comment: '请补充' }, text: 'CAC rejected version 1: 请补充' },
    { kind: 'ready-for-sign-off', facts: { version: 2, signers: 20 }, text: 'all 20 co-signers approved version 2: ready for sign-off' },
    { kind: 'escalation', facts: { subject: 'co-sign', dueAt: 'D', outstanding: ['MOE', 'CAC'] }, text: 'co-sign deadline D passed; still outstanding: MOE, CAC' },
    { kind: 'withdrawn', facts: { reason: '重复' }, text: 'the lead withdrew the notice: 重复' },
    { kind: 'issued', facts: { docNumber: 'N' }, role: 'secretariat', text: 'issued as N' },
    { kind: 'issued', facts: { docNumber: 'N' }, role: 'signer', text: 'the joint notice was issued as N' },
    { kind: 'notice-delivered', facts: { docNumber: 'N' }, text: 'N 主送: please acknowledge receipt (签收)' },
    { kind: 'notice-copied', facts: { docNumber: 'N' }, text: 'N 抄送: for your information' },
    { kind: 'phase', facts: { phase: 'publication-open', concentratedWeek: { startsAt: 'S', endsAt: 'E' } }, text: 'the publication window is open: register your activities (concentrated week S – E)' },
    { kind: 'phase', facts: { phase: 'reporting', summaryDueAt: 'D' }, text: 'the concentrated week is over: submit your summary report (总结报送) by D' },
    { kind: 'milestones-moved', facts: { moved: [{ field: 'summaryDueAt', from: 'A', to: 'B' }] }, text: 'milestones moved: summaryDueAt A → B' },
    { kind: 'summary-reminder', facts: { dueAt: 'D', workingDaysLeft: 1 }, text: '1 working day left: the summary report (总结报送) is due by D' },
    { kind: 'summary-reminder', facts: { dueAt: 'D', workingDaysLeft: 3 }, text: '3 working days left: the summary report (总结报送) is due by D' },
    { kind: 'summary-overdue', facts: { dueAt: 'D' }, text: 'overdue: the summary report was due by D; it is still accepted and will be marked late' },
    { kind: 'relay-launched', facts: { relayLead: 'HA_CAST', title: '河南省转发' }, text: 'HA_CAST relays the notice as its own: 河南省转发' },
    {
      kind: 'recommendation',
      facts: { fromLead: 'HA_CAST', from: '豫科协发〔2023〕50号', nominations: [{ id: 'a', kind: 'individual', unit: 'HA_ZZ_CAST', person: '张三' }, { id: 'b', kind: 'unit', unit: 'HA_ZZ_CAST', person: null }] },
      text: 'HA_CAST recommends 2 for commendation (推荐) from 豫科协发〔2023〕50号: 张三 (HA_ZZ_CAST)、unit HA_ZZ_CAST',
    },
    { kind: 'commendations-published', facts: { commended: 3 }, text: 'the commendation list (表扬名单) is published: 3 commended' },
  ];

  it.each(TODAY)('$kind reads as it always did', ({ kind, facts, role, text }) => {
    expect(renderReason(kind, facts, role)).toBe(text);
  });

  it('falls back to the kind when the facts do not fit', () => {
    expect(renderReason('notice-delivered', {})).toBe('notice-delivered');
  });

  /**
   * The prose the workflows built before they recorded facts (git history of workflows/campaign.workflow.ts,
   * campaign-year.ts and ledger.ts; workflows/v1/ still builds it), against the facts they record now,
   * on realistic values.
   */
  describe('as the workflows worded it', () => {
    const dueAt = '2023-08-02T18:00:00+08:00';
    const sha256 = 'c0ffee'.repeat(10) + 'beef';
    const m = {
      publicationOpensAt: '2023-08-21T00:00:00+08:00',
      concentratedWeek: { startsAt: '2023-09-17T00:00:00+08:00', endsAt: '2023-09-23T23:59:59+08:00' },
      summaryDueAt: '2023-10-10T00:00:00+08:00',
      closesAt: '2023-12-31T23:59:59+08:00',
    };
    const moved = [
      { field: 'milestones.summaryDueAt', from: m.summaryDueAt, to: '2023-10-13T00:00:00+08:00' },
      { field: 'milestones.closesAt', from: m.closesAt, to: '2024-01-31T23:59:59+08:00' },
    ];
    const failure = 'recordCoSignEvent failed and will not be retried (DATA_EXCEPTION: invalid byte sequence): the notice was not numbered; the sign-off is void';
    const cases: { kind: NotificationKind; role?: 'secretariat' | 'signer'; facts: Record<string, unknown>; before: string }[] = [
      { kind: 'co-sign-request', facts: { version: 1, sha256, dueAt }, before: `please co-sign notice version ${1} (sha256 ${sha256}) by ${dueAt}` },
      { kind: 'revision', facts: { version: 3, dueAt }, before: `the notice was revised to version ${3}: earlier decisions are void, please decide on the new text by ${dueAt}` },
      {
        kind: 'reminder',
        facts: { number: 2, version: 1, days: 4, dueAt },
        before: `reminder ${2}: no decision on notice version ${1} ${4} day(s) after being asked; co-sign due ${dueAt}`,
      },
      { kind: 'rejection', facts: { agency: 'CAC', version: 1, comment: '请补充：网络安全' }, before: `${'CAC'} rejected version ${1}: ${'请补充：网络安全'}` },
      { kind: 'ready-for-sign-off', facts: { version: 2, signers: 20 }, before: `all ${20} co-signers approved version ${2}: ready for sign-off` },
      { kind: 'escalation', facts: { subject: 'co-sign', dueAt, outstanding: ['MOE', 'CAC'] }, before: `co-sign deadline ${dueAt} passed; still outstanding: ${['MOE', 'CAC'].join(', ')}` },
      { kind: 'escalation', facts: { subject: 'co-sign', dueAt, outstanding: [] }, before: `co-sign deadline ${dueAt} passed; still outstanding: ` },
      { kind: 'withdrawn', facts: { reason: '与另一文件重复' }, before: `the lead withdrew the notice: ${'与另一文件重复'}` },
      { kind: 'issued', role: 'secretariat', facts: { docNumber: '科协发〔2023〕12号' }, before: `issued as ${'科协发〔2023〕12号'}` },
      { kind: 'issued', role: 'signer', facts: { docNumber: '科协发〔2023〕12号' }, before: `the joint notice was issued as ${'科协发〔2023〕12号'}` },
      {
        kind: 'phase',
        facts: { phase: 'publication-open', concentratedWeek: m.concentratedWeek },
        before: `the publication window is open: register your activities (concentrated week ${m.concentratedWeek.startsAt} – ${m.concentratedWeek.endsAt})`,
      },
      { kind: 'phase', facts: { phase: 'concentrated-week', concentratedWeek: m.concentratedWeek }, before: `the concentrated week begins; it ends ${m.concentratedWeek.endsAt}` },
      { kind: 'phase', facts: { phase: 'reporting', summaryDueAt: m.summaryDueAt }, before: `the concentrated week is over: submit your summary report (总结报送) by ${m.summaryDueAt}` },
      { kind: 'phase', facts: { phase: 'commendation', summaryDueAt: m.summaryDueAt }, before: 'the summary deadline has passed: nominate, decide and publish the commendations (表扬)' },
      { kind: 'phase', facts: { phase: 'closed', closesAt: m.closesAt }, before: `the campaign closed at ${m.closesAt}; everything stays readable` },
      { kind: 'milestones-moved', facts: { moved }, before: `milestones moved: ${moved.map((f) => `${f.field} ${f.from} → ${f.to}`).join('; ')}` },
      { kind: 'commendations-published', facts: { commended: 12 }, before: `the commendation list (表扬名单) is published: ${12} commended` },
      { kind: 'failure', facts: { text: failure }, before: failure },
    ];
    it.each(cases)('$kind $facts.phase $role', ({ kind, role, facts, before }) => {
      expect(renderReason(kind, facts, role)).toBe(before);
    });
  });

  it('every other kind reads as libs/db words it', () => {
    expect(renderReason('ack-reminder', { reminder: 2, day: '2023-09-04' })).toBe('reminder 2: please acknowledge receipt (签收) of the notice');
    expect(renderReason('results-reminder', { activities: 2, titles: ['甲', '乙'], day: 'd' })).toBe(
      '2 ended activities await results (photos, videos, news links, participants, summary): 甲；乙',
    );
    expect(renderReason('escalation', { subject: 'summary', dueAt: 'D', missing: 2, units: ['A', 'B'] })).toBe('summary deadline D passed; 2 reporting unit(s) have not reported: A, B');
    expect(renderReason('webhook-disabled', { endpointId: '1', url: 'https://x.example/h', failingSince: 'S' })).toBe('the webhook endpoint https://x.example/h has failed since S and was disabled');
  });
});
