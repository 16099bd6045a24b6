/**
 * Wire shapes of the inbox, the administration pages and the audit log, as the API answers them
 * (apps/api/src/inbox/inbox.service.ts, accounts/accounts.service.ts, contacts/contacts.service.ts,
 * doc-numbers/doc-numbers.service.ts, campaigns/campaigns.service.ts).
 */
import type { Role } from '../../session';

export interface InboxItem {
  id: string;
  kind: string;
  role: string;
  campaign: { id: string; title: string | null; docNumber: string | null } | null;
  subject: string;
  text: string;
  reason: string;
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface InboxPage {
  total: number;
  unread: number;
  page: number;
  pageSize: number;
  items: InboxItem[];
}

export interface User {
  id: string;
  login: string;
  name: string;
  agency: string;
  roles: Role[];
  email: string | null;
  active: boolean;
  createdAt: string | null;
  updatedAt: string | null;
}

export interface Contact {
  id: string;
  agency: string;
  name: string;
  roles: string[];
  email: string | null;
  phone: string | null;
  language: string;
  channels: string[];
  createdAt: string | null;
  updatedAt: string | null;
}

export interface Sequence {
  prefix: string;
  agency: string | null;
  year: number;
  lastNumber: number;
  nextNumber: number;
}

export interface Prefix {
  prefix: string;
  agency: string;
  claimedBy: string;
  claimedAt: string;
}

export interface AuditEntry {
  seq: number;
  type: string;
  actor: string;
  at: string;
  data: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditLog {
  entries: AuditEntry[];
  verified: boolean;
  brokenAt: number | null;
  problem: string | null;
}
