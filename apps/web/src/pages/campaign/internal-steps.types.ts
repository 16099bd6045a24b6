/** Wire shapes of internal sign-off (内部审签): GET|PUT /agencies/:code/internal-steps, GET|POST …/co-sign/internal. */
export type StepMode = 'any' | 'all';
export type StepAction = 'approve' | 'return' | 'transfer' | 'reject';

export interface Person {
  login: string;
  name: string | null;
}

export interface StepsConfig {
  agency: string;
  steps: { name: string; mode: StepMode; people: Person[] }[];
  updatedBy: string | null;
  updatedAt: string | null;
}

export interface InternalItem {
  campaignId: string;
  agency: string;
  notice: { version: number; sha256: string };
  hasSteps: boolean;
  startedAt: string | null;
  steps: { name: string; mode: StepMode; people: Person[]; state: 'done' | 'current' | 'waiting' }[];
  current: { index: number; name: string; since: string | null; holders: Person[]; approvedBy: Person[] } | null;
  decision: { decision: 'approve' | 'reject'; by: string; comment: string | null; at: string } | null;
  signer: { status: string; noticeSha256: string | null; decidedAt: string | null; askedAt: string | null };
  history: { seq: number; step: number; stepName: string; by: Person; action: StepAction; comment: string | null; to: Person | null; at: string }[];
  actions: StepAction[];
  colleagues: Person[];
}

export const personName = (p: Person) => (p.name ? `${p.name}（${p.login}）` : p.login);
