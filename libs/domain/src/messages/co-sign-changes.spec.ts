import { renderNotification, renderReason } from './index';
import { sampleContext } from './samples';

/** The messages of co-signing changed in flight (issue 12), as the co-signers read them. */
describe('messages of 减签, a moved deadline and 手动催办', () => {
  const zh = (kind: 'co-sign-removed' | 'co-sign-deadline-moved' | 'co-sign-urge', data: Record<string, unknown>) =>
    renderNotification('zh-CN', { kind, role: 'signer', data }, sampleContext());

  it('tells a removed co-signer that its decision no longer counts, and why', () => {
    const m = zh('co-sign-removed', { version: 2, reason: '职能调整' });
    expect(m.subject).toBe('【会签】贵单位不再参与《关于联合举办2023年全国科普日活动的通知》会签');
    expect(m.text).toContain('此前签署的意见不再计入');
    expect(m.text).toContain('调整原因：职能调整');
    expect(renderReason('co-sign-removed', { version: 2, reason: '职能调整' })).toBe('the lead removed you from the co-signers of notice version 2: 职能调整');
  });

  it('tells the pending co-signers the new deadline, earlier or later', () => {
    const later = zh('co-sign-deadline-moved', { version: 1, from: '2023-08-02T18:00:00+08:00', dueAt: '2023-08-04T18:00:00+08:00' });
    expect(later.subject).toBe('【会签】《关于联合举办2023年全国科普日活动的通知》会签截止时间调整为2023年8月4日18:00');
    expect(later.text).toContain('由2023年8月2日18:00调整为2023年8月4日18:00，请于新的截止时间前办理');
    expect(zh('co-sign-deadline-moved', { version: 1, from: '2023-08-04T18:00:00+08:00', dueAt: '2023-08-02T18:00:00+08:00' }).text).toContain('请提前办理');
  });

  it('urges with the lead’s message when there is one', () => {
    const m = zh('co-sign-urge', { version: 1, days: 3, dueAt: '2023-08-02T18:00:00+08:00', message: '请今日反馈。' });
    expect(m.subject).toBe('【催办】请尽快会签《关于联合举办2023年全国科普日活动的通知》');
    expect(m.text).toContain('送贵单位会签已3天');
    expect(m.text).toContain('牵头单位留言：请今日反馈。');
    expect(zh('co-sign-urge', { version: 1, days: 0, dueAt: '2023-08-02T18:00:00+08:00', message: null }).text).not.toContain('留言');
    expect(renderReason('co-sign-urge', { version: 1, days: 3, dueAt: 'D', message: null })).toBe('urged by the lead: no decision on notice version 1 3 day(s) after being asked; co-sign due D');
  });
});
