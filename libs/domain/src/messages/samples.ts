import type { NotificationKind, NotificationLike } from './facts';
import type { MessageContext } from './template';

/**
 * A notification of every kind as the system writes it (the national 2023 notice), for the specs
 * and for anyone previewing the templates.
 */
export const SAMPLE_TITLE = '关于联合举办2023年全国科普日活动的通知';

export const SAMPLE_AGENCIES: Record<string, string> = {
  CAST: '中国科协',
  CPD: '中央宣传部',
  CAC: '中央网信办',
  MOE: '教育部',
  HA_CAST: '河南省科协',
  HA_ZZ_CAST: '郑州市科协',
  BJ_CAST: '北京市科协',
};

export function sampleContext(link = 'https://notices.example.org/campaigns/0b7c/todo'): MessageContext {
  return {
    campaign: { id: '0b7c6f2e-1111-4222-8333-944455556666', title: SAMPLE_TITLE, docNumber: '科协发〔2023〕12号' },
    agencyName: (code) => SAMPLE_AGENCIES[code] ?? code,
    link,
  };
}

const week = { startsAt: '2023-09-17T00:00:00+08:00', endsAt: '2023-09-23T23:59:59+08:00' };

export const SAMPLES: (NotificationLike & { kind: NotificationKind })[] = [
  { kind: 'co-sign-request', role: 'signer', data: { version: 1, sha256: 'a'.repeat(64), dueAt: '2023-08-02T18:00:00+08:00' } },
  { kind: 'revision', role: 'signer', data: { version: 2, dueAt: '2023-08-02T18:00:00+08:00' } },
  { kind: 'reminder', role: 'signer', data: { number: 1, version: 1, days: 2, dueAt: '2023-08-02T18:00:00+08:00' } },
  { kind: 'rejection', role: 'secretariat', data: { agency: 'CAC', version: 1, comment: '第三部分请补充网络安全科普内容。' } },
  { kind: 'ready-for-sign-off', role: 'secretariat', data: { version: 2, signers: 20 } },
  { kind: 'escalation', role: 'secretariat', data: { subject: 'co-sign', dueAt: '2023-08-02T18:00:00+08:00', outstanding: ['MOE', 'CAC'] } },
  { kind: 'escalation', role: 'secretariat', data: { subject: 'summary', dueAt: '2023-10-10T00:00:00+08:00', missing: 2, units: ['BJ_CAST', 'HA_CAST'] } },
  { kind: 'withdrawn', role: 'signer', data: { reason: '内容与另一文件重复' } },
  { kind: 'issued', role: 'secretariat', data: { docNumber: '科协发〔2023〕12号' } },
  { kind: 'issued', role: 'signer', data: { docNumber: '科协发〔2023〕12号' } },
  { kind: 'co-sign-removed', role: 'signer', data: { version: 2, reason: '经研究，本次活动不涉及该单位职责' } },
  { kind: 'co-sign-deadline-moved', role: 'signer', data: { version: 1, from: '2023-08-02T18:00:00+08:00', dueAt: '2023-08-04T18:00:00+08:00' } },
  { kind: 'co-sign-urge', role: 'signer', data: { version: 1, days: 3, dueAt: '2023-08-02T18:00:00+08:00', message: '请于今日下班前反馈意见。' } },
  { kind: 'notice-comment', role: 'secretariat', data: { commentId: 'c1', agency: 'CAC', version: 1, quote: '安全生产', text: '建议补充网络安全。' } },
  { kind: 'notice-comment', role: 'secretariat', data: { commentId: 'c1', agency: 'CAC', version: 1, quote: '安全生产', text: '可参照去年的表述。', reply: true } },
  { kind: 'notice-comment-answered', role: 'signer', data: { commentId: 'c1', version: 1, quote: '安全生产', text: '已在第2稿中补充。', resolved: false } },
  { kind: 'notice-comment-answered', role: 'signer', data: { commentId: 'c1', version: 1, quote: '安全生产', text: null, resolved: true } },
  { kind: 'notice-delivered', role: 'recipient', data: { docNumber: '科协发〔2023〕12号' } },
  { kind: 'notice-copied', role: 'recipient', data: { docNumber: '科协发〔2023〕12号' } },
  { kind: 'ack-reminder', role: 'recipient', data: { reminder: 3, day: '2023-08-09' } },
  { kind: 'phase', role: 'recipient', data: { phase: 'publication-open', concentratedWeek: week } },
  { kind: 'phase', role: 'recipient', data: { phase: 'concentrated-week', concentratedWeek: week } },
  { kind: 'phase', role: 'reporting-unit', data: { phase: 'reporting', summaryDueAt: '2023-10-10T00:00:00+08:00' } },
  { kind: 'phase', role: 'secretariat', data: { phase: 'commendation', summaryDueAt: '2023-10-10T00:00:00+08:00' } },
  { kind: 'phase', role: 'secretariat', data: { phase: 'closed', closesAt: '2023-12-31T23:59:59+08:00' } },
  {
    kind: 'milestones-moved',
    role: 'recipient',
    data: { moved: [{ field: 'milestones.summaryDueAt', from: '2023-10-10T00:00:00+08:00', to: '2023-10-13T18:00:00+08:00' }] },
  },
  { kind: 'results-reminder', role: 'organizer', data: { activities: 2, titles: ['河南省科普日启动仪式', '郑州市科普讲座'], day: '2023-09-25' } },
  { kind: 'summary-reminder', role: 'reporting-unit', data: { dueAt: '2023-10-10T00:00:00+08:00', workingDaysLeft: 3, day: '2023-09-27' } },
  { kind: 'summary-overdue', role: 'reporting-unit', data: { dueAt: '2023-10-10T00:00:00+08:00', day: '2023-10-11' } },
  { kind: 'relay-launched', role: 'secretariat', data: { relayCampaignId: '1c2d', relayLead: 'HA_CAST', title: '关于举办2023年河南省全国科普日活动的通知' } },
  {
    kind: 'recommendation',
    role: 'secretariat',
    data: {
      fromCampaignId: '1c2d',
      fromLead: 'HA_CAST',
      from: '豫科协发〔2023〕50号',
      nominations: [
        { id: 'a', kind: 'individual', unit: 'HA_ZZ_CAST', person: '张三' },
        { id: 'b', kind: 'unit', unit: 'HA_ZZ_CAST', person: null },
        { id: 'c', kind: 'activity', unit: 'HA_ZZ_CAST', person: null, activity: '郑州市科普讲座' },
        { id: 'd', kind: 'activity', unit: null, person: null },
      ],
    },
  },
  { kind: 'commendations-published', role: 'recipient', data: { commended: 120 } },
  { kind: 'failure', role: 'secretariat', data: { text: 'notify failed and will not be retried (DATA_EXCEPTION: …): 3 message(s) (issued) were not written to the outbox' } },
  { kind: 'webhook-disabled', role: 'secretariat', data: { endpointId: '42', url: 'https://oa.example.gov.cn/hooks/notices', failingSince: '2023-09-01T09:00:00+08:00' } },
];
