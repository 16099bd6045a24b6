import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TodoRow } from '@db/todo/todo.queries';
import { todoOf } from '@db/todo/todo.queries';
import type { Principal } from '@domain/auth';
import type { TodoKind } from '@domain/inbox';
import { TODO_ACTIONS, todoKinds } from '@domain/inbox';
import { isoOrNull as iso } from '../common/dates';

/**
 * The to-do list (待办): what the caller's body must do now, from live state, the items the
 * caller's roles act on (libs/domain/src/inbox.ts), most urgent first. Always the caller's own body.
 */
@Injectable()
export class TodoService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async list(who: Principal) {
    const found = await todoOf(this.ds, { agency: who.agency, kinds: todoKinds(who.roles), at: new Date() });
    return { items: found.map((t) => todoItem(t, who.agency)) };
  }
}

/** Where each item is read and acted on: the GET a client (or a mail's link) opens first. */
function todoPath(kind: TodoKind, campaignId: string, agency: string): string {
  const c = `/api/v1/campaigns/${campaignId}`;
  switch (kind) {
    // The exact text and its SHA-256: decisions, sign-off and the receipt are about this text.
    case 'co-sign':
    case 'sign-off':
    case 'acknowledge':
      return `${c}/notice`;
    case 'results':
      return `${c}/activities?organizer=${encodeURIComponent(agency)}`;
    case 'summary':
      return `${c}/summaries/${encodeURIComponent(agency)}`;
    case 'nominations':
      return `${c}/nominations?status=nominated`;
  }
}

/** One to-do item as the API shows it; `count` and `titles` only where they say something. */
export function todoItem(t: TodoRow, agency: string) {
  return {
    kind: t.kind,
    campaign: { id: t.campaignId, title: t.title, docNumber: t.docNumber },
    action: TODO_ACTIONS[t.kind],
    dueAt: iso(t.dueAt),
    ...(t.count !== null && { count: t.count }),
    ...(t.titles !== null && { titles: t.titles }),
    path: todoPath(t.kind, t.campaignId, agency),
  };
}
