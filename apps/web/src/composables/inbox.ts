/**
 * The unread count of the signed-in person's inbox (消息), shown as a badge in the menu and kept
 * current by the inbox page: one small request (a page of one) when the console asks for it, at
 * most every few seconds unless the inbox itself changed it.
 */
import { ref } from 'vue';
import { api } from '../api';

export const inboxUnread = ref(0);
let last = 0;
let pending: Promise<void> | null = null;

/** Reads the count again; `force` skips the few seconds' grace (after marking read, say). */
export function refreshInboxUnread(force = false): Promise<void> {
  if (!force && (pending || Date.now() - last < 5_000)) return pending ?? Promise.resolve();
  last = Date.now();
  pending = api
    .get<{ unread: number }>('/api/v1/inbox', { pageSize: 1 })
    .then((r) => {
      inboxUnread.value = r.unread;
    })
    .catch(() => undefined)
    .finally(() => {
      pending = null;
    });
  return pending;
}

/** The inbox page knows the count already (its own answer carries it). */
export function setInboxUnread(n: number): void {
  inboxUnread.value = n;
  last = Date.now();
}
