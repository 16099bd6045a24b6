import { inboxRoles, TODO_ACTIONS, TODO_KINDS, todoKinds } from './inbox';
import { isNotificationKind, NOTIFICATION_ROLES } from './messages/facts';

describe('who reads what of its own body', () => {
  it('inbox: each token role reads the notifications of its part; admin reads them all', () => {
    expect(inboxRoles(['secretariat'])).toEqual(['secretariat']);
    expect(inboxRoles(['signer'])).toEqual(['signer']);
    expect(inboxRoles(['recipient'])).toEqual(['recipient', 'organizer', 'reporting-unit']);
    expect(inboxRoles(['admin'])).toEqual([...NOTIFICATION_ROLES]);
    // Several roles: the union, once each, in a stable order.
    expect(inboxRoles(['recipient', 'signer', 'recipient'])).toEqual(['signer', 'recipient', 'organizer', 'reporting-unit']);
    expect(inboxRoles([])).toEqual([]);
  });

  it('to-do: the secretariat and admin see everything, a signer co-signing, a recipient desk its receipts, results and summary', () => {
    expect(todoKinds(['secretariat'])).toEqual([...TODO_KINDS]);
    expect(todoKinds(['admin'])).toEqual([...TODO_KINDS]);
    expect(todoKinds(['signer'])).toEqual(['co-sign']);
    expect(todoKinds(['recipient'])).toEqual(['acknowledge', 'results', 'summary']);
    expect(todoKinds(['recipient', 'signer'])).toEqual(['co-sign', 'acknowledge', 'results', 'summary']);
    expect(todoKinds([])).toEqual([]);
  });

  it('every to-do kind says what to do in Chinese', () => {
    expect(TODO_KINDS.map((k) => TODO_ACTIONS[k])).toEqual(['会签', '签发', '签收', '补充活动成果', '报送总结', '审定表扬']);
  });

  it('knows the notification kinds', () => {
    expect(isNotificationKind('co-sign-request')).toBe(true);
    expect(isNotificationKind('webhook-disabled')).toBe(true);
    expect(isNotificationKind('co-sign')).toBe(false);
    expect(isNotificationKind(7)).toBe(false);
  });
});
