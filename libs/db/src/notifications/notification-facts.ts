import type { NotificationKind } from '@domain/messages';

// The facts of each kind and their texts (English `renderReason` included) are @domain/messages.

/**
 * The same texts in SQL, for kinds whose facts differ per recipient and are written set-based (one
 * INSERT … SELECT for thousands of rows): `data` is a jsonb expression of the row's facts. Null when
 * the facts do not fit; the writer then falls back to the TypeScript rendering of the shared facts.
 * libs/db/src/notifications/outbox.spec.ts checks that both renderings agree.
 */
export const REASON_SQL: Partial<Record<NotificationKind, (data: string) => string>> = {
  'ack-reminder': (d) => `'reminder ' || (${d} ->> 'reminder') || ': please acknowledge receipt (签收) of the notice'`,
  'results-reminder': (d) =>
    `(${d} ->> 'activities') || ' ended activities await results (photos, videos, news links, participants, summary): '
       || left((SELECT string_agg(x.t, '；' ORDER BY x.o) FROM jsonb_array_elements_text(${d} -> 'titles') WITH ORDINALITY AS x(t, o)), 400)`,
  escalation: (d) =>
    `CASE WHEN ${d} ->> 'subject' = 'summary' THEN
       'summary deadline ' || (${d} ->> 'dueAt') || ' passed; ' || (${d} ->> 'missing') || ' reporting unit(s) have not reported: '
         || left((SELECT string_agg(x.u, ', ' ORDER BY x.o) FROM jsonb_array_elements_text(${d} -> 'units') WITH ORDINALITY AS x(u, o)), 600)
     END`,
};
