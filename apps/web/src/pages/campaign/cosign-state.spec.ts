/** Whose turn it is, who is late, how often each was urged (jest; `@jest/globals` for the console's type-check). */
import { describe, expect, it } from '@jest/globals';
import type { Campaign, Signer } from '../../types';
import { allApprovedOnCurrent, counts, isLate, isMyTurn, isOpen, remindersByAgency } from './cosign-state';

const SHA = 'a'.repeat(64);
const signer = (agency: string, over: Partial<Signer> = {}): Signer => ({
  agency, order: 1, status: 'pending', comment: null, decidedAt: null, noticeSha256: null, askedAt: '2026-08-01T09:00:00+08:00', ...over,
});
const campaign = (signers: Signer[], over: Partial<Campaign> = {}, coSign: Partial<Campaign['coSign']> = {}): Campaign =>
  ({
    phase: 'co-signing',
    notice: { version: 2, sha256: SHA, docNumberPrefix: '科协发', docNumber: null, issuedAt: null },
    coSign: { mode: 'parallel', dueAt: '2026-08-02T18:00:00+08:00', escalatedAt: null, signers, signOff: null, ...coSign },
    ...over,
  }) as Campaign;
const BEFORE_DUE = Date.parse('2026-08-02T09:00:00+08:00');
const AFTER_DUE = Date.parse('2026-08-03T09:00:00+08:00');

describe('co-signing as the pages read it', () => {
  it('a pending co-signer that was asked decides; one not yet asked (sequential), decided, or after sign-off does not', () => {
    const moe = signer('MOE');
    expect(isMyTurn(campaign([moe]), moe)).toBe(true);
    expect(isMyTurn(campaign([moe]), null)).toBe(false);
    const notAsked = signer('MOST', { askedAt: null });
    expect(isMyTurn(campaign([moe, notAsked], {}, { mode: 'sequential' }), notAsked)).toBe(false);
    const approved = signer('CAS', { status: 'approved', noticeSha256: SHA });
    expect(isMyTurn(campaign([approved]), approved)).toBe(false);
    expect(isMyTurn(campaign([moe], { phase: 'withdrawn' }), moe)).toBe(false);
    expect(isMyTurn(campaign([moe], {}, { signOff: { by: 'x', at: 'y', noticeSha256: SHA } }), moe)).toBe(false);
  });

  it('is open to revision and withdrawal until the sign-off', () => {
    expect(isOpen(campaign([], { phase: 'awaiting-sign-off' }))).toBe(true);
    expect(isOpen(campaign([], { phase: 'awaiting-sign-off' }, { signOff: { by: 'x', at: 'y', noticeSha256: SHA } }))).toBe(false);
    expect(isOpen(campaign([], { phase: 'issued' }))).toBe(false);
  });

  it('may be signed off only when every co-signer approved the current text', () => {
    expect(allApprovedOnCurrent(campaign([signer('MOE', { status: 'approved', noticeSha256: SHA })]))).toBe(true);
    expect(allApprovedOnCurrent(campaign([signer('MOE', { status: 'approved', noticeSha256: 'b'.repeat(64) })]))).toBe(false);
    expect(allApprovedOnCurrent(campaign([signer('MOE', { status: 'approved', noticeSha256: SHA }), signer('CAC')]))).toBe(false);
    expect(allApprovedOnCurrent(campaign([]))).toBe(false);
  });

  it('counts and marks as late the asked co-signers still pending after the deadline', () => {
    const pending = signer('CAC');
    const c = campaign([pending, signer('MOE', { status: 'approved' }), signer('CPD', { status: 'rejected' })]);
    expect(counts(c.coSign.signers)).toEqual({ approved: 1, pending: 1, rejected: 1 });
    expect(isLate(c, pending, BEFORE_DUE)).toBe(false);
    expect(isLate(c, pending, AFTER_DUE)).toBe(true);
    expect(isLate(c, c.coSign.signers[1], AFTER_DUE)).toBe(false);
    expect(isLate(c, signer('MOST', { askedAt: null }), AFTER_DUE)).toBe(false);
  });

  it('groups the 催办 sent by co-signer: how many, and the latest', () => {
    const at = (agency: string, iso: string, kind = 'reminder') => ({ to: { agency, role: 'signer' }, kind, reason: null, at: iso, deliveredAt: null });
    const by = remindersByAgency([
      at('CAC', '2026-08-03T09:00:00.000Z'),
      at('CAC', '2026-08-05T09:00:00.000Z'),
      at('CAC', '2026-08-04T09:00:00.000Z'),
      at('MOE', '2026-08-03T09:00:00.000Z'),
      at('CAST', '2026-08-06T10:00:00.000Z', 'escalation'),
    ]);
    expect(Object.fromEntries(by)).toEqual({ CAC: { count: 3, latest: '2026-08-05T09:00:00.000Z' }, MOE: { count: 1, latest: '2026-08-03T09:00:00.000Z' } });
  });
});
