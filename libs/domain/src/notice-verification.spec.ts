import { approvedVersions, verificationAnswer } from './notice-verification';

const launched = { type: 'campaign.launched', data: { coSigners: ['A', 'B'] } };
const decided = (agency: string, decision: string) => ({ type: 'co-sign.decided', data: { agency, decision } });

describe('approved versions', () => {
  it('a version every co-signer approved; a revision starts over', () => {
    expect(approvedVersions([launched, decided('A', 'approve')])).toEqual(new Set());
    expect(approvedVersions([launched, decided('A', 'approve'), decided('B', 'approve')])).toEqual(new Set([1]));
    const revised = [launched, decided('A', 'approve'), decided('B', 'reject'), { type: 'notice.revised', data: { version: 2 } }, decided('B', 'approve')];
    expect(approvedVersions(revised)).toEqual(new Set());
    expect(approvedVersions([...revised, decided('A', 'approve')])).toEqual(new Set([2]));
    // Approved by all, then revised anyway: the old version stays approved, the new one is not yet.
    expect(approvedVersions([launched, decided('A', 'approve'), decided('B', 'approve'), { type: 'notice.revised', data: { version: 2 } }])).toEqual(new Set([1]));
  });
});

describe('approved versions with co-signers added and removed in flight', () => {
  const added = (agency: string) => ({ type: 'co-sign.signer-added', data: { agency } });
  const removed = (agency: string) => ({ type: 'co-sign.signer-removed', data: { agency } });
  it('an added co-signer must approve too; a removed one no longer counts', () => {
    expect(approvedVersions([launched, added('C'), decided('A', 'approve'), decided('B', 'approve')])).toEqual(new Set());
    expect(approvedVersions([launched, added('C'), decided('A', 'approve'), decided('B', 'approve'), decided('C', 'approve')])).toEqual(new Set([1]));
    // B rejected, then was removed: A's approval is all that is needed now.
    expect(approvedVersions([launched, decided('A', 'approve'), decided('B', 'reject'), removed('B')])).toEqual(new Set([1]));
    // Removed and added again: its old approval does not count.
    expect(approvedVersions([launched, decided('B', 'approve'), removed('B'), added('B'), decided('A', 'approve')])).toEqual(new Set());
  });
});

describe('the answer', () => {
  const base = { campaignId: 'c', currentVersion: 2, approved: true, docNumber: '科协发〔2023〕12号', issuedAt: '2023-08-04T02:00:00.000Z' };
  it('issued only for the version that was issued, with its number and date', () => {
    expect(verificationAnswer({ ...base, version: 2 })).toEqual({ known: true, campaignId: 'c', version: 2, approved: true, issued: true, docNumber: base.docNumber, issuedAt: base.issuedAt });
    expect(verificationAnswer({ ...base, version: 1, approved: false })).toEqual({ known: true, campaignId: 'c', version: 1, approved: false, issued: false, docNumber: null, issuedAt: null });
    expect(verificationAnswer({ ...base, version: 2, approved: false, docNumber: null, issuedAt: null }).issued).toBe(false);
  });
});
