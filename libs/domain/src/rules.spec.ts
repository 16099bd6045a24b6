import type { ChainedEntry } from './audit-chain';
import { canonicalJson, entryHash, GENESIS_HASH, verifyChain } from './audit-chain';
import type { DefinitionShape } from './definition-rules';
import { checkDefinitionRules } from './definition-rules';
import { formatDocNumber, parseDocNumber } from './doc-number';
import { sha256Hex } from './hashing';
import { rebaseDefinition, shiftIso } from './rebase';

describe('document numbers (发文字号)', () => {
  it('formats and parses prefix〔year〕sequence号', () => {
    expect(formatDocNumber('科协发', 2023, 12)).toBe('科协发〔2023〕12号');
    expect(formatDocNumber('豫科协发', 2023, 50)).toBe('豫科协发〔2023〕50号');
    expect(parseDocNumber('豫科协发〔2023〕50号')).toEqual({ prefix: '豫科协发', year: 2023, sequence: 50 });
    expect(parseDocNumber('科协发[2023]12号')).toBeNull();
    expect(() => formatDocNumber('科协发', 2023, 0)).toThrow(RangeError);
  });
});

describe('notice hashing', () => {
  it('is the SHA-256 of the exact UTF-8 text', () => {
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('全国科普日')).not.toBe(sha256Hex('全国科普日 '));
  });
});

describe('audit chain', () => {
  function chain(payloads: unknown[]): ChainedEntry[] {
    let prev = GENESIS_HASH;
    return payloads.map((p, i) => {
      const payload = canonicalJson(p);
      const hash = entryHash(prev, payload);
      const e = { seq: i + 1, payload, prevHash: prev, hash };
      prev = hash;
      return e;
    });
  }

  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"y":2,"z":1}]},"b":1}');
  });

  it('verifies an intact chain and finds tampering, removal and reordering', () => {
    const entries = chain([{ type: 'launched' }, { type: 'decided', agency: 'CPD' }, { type: 'issued' }]);
    expect(verifyChain(entries).verified).toBe(true);
    const tampered = entries.map((e) => ({ ...e }));
    tampered[1].payload = canonicalJson({ type: 'decided', agency: 'MOE' });
    expect(verifyChain(tampered)).toMatchObject({ verified: false, brokenAt: 2 });
    expect(verifyChain([entries[0], entries[2]])).toMatchObject({ verified: false, brokenAt: 3 });
    expect(verifyChain([entries[1], entries[0]]).verified).toBe(false);
  });
});

describe('rebaseTo', () => {
  const def = {
    year: 2023,
    coSignDueAt: '2023-08-02T18:00:00+08:00',
    milestones: {
      publicationOpensAt: '2023-08-21T00:00:00+08:00',
      concentratedWeek: { startsAt: '2023-09-17T00:00:00+08:00', endsAt: '2023-09-23T23:59:59+08:00' },
      summaryDueAt: '2023-10-10T00:00:00+08:00',
      closesAt: '2023-12-31T23:59:59+08:00',
    },
  };

  it('moves the earliest date to the given day and every other by the same amount', () => {
    const { definition: r, shiftDays } = rebaseDefinition(def, '2026-12-01');
    expect(r.coSignDueAt).toBe('2026-12-01T18:00:00+08:00');
    expect(shiftDays).toBe(1217);
    expect(r.milestones.publicationOpensAt).toBe('2026-12-20T00:00:00+08:00'); // still 19 days later
    expect(r.milestones.concentratedWeek.endsAt).toBe('2027-01-22T23:59:59+08:00'); // 52 days after
    expect(r.year).toBe(2026);
    expect(def.coSignDueAt).toBe('2023-08-02T18:00:00+08:00'); // the input is not modified
    const gap = (a: string, b: string) => Date.parse(b) - Date.parse(a);
    expect(gap(r.coSignDueAt, r.milestones.summaryDueAt)).toBe(gap(def.coSignDueAt, def.milestones.summaryDueAt));
  });

  it('uses the local calendar day of the earliest date, not the UTC one', () => {
    // 2023-08-02T05:00+08:00 is still 08-01 in UTC
    expect(rebaseDefinition({ coSignDueAt: '2023-08-02T05:00:00+08:00' }, '2023-08-10').definition.coSignDueAt).toBe('2023-08-10T05:00:00+08:00');
    expect(shiftIso('2023-12-31T23:59:59+08:00', 1)).toBe('2024-01-01T23:59:59+08:00');
  });

  it('rejects a malformed date', () => {
    expect(() => rebaseDefinition(def, '2026-13-45')).toThrow(RangeError);
  });
});

describe('definition rules', () => {
  const known = new Set(['CAST', 'CPD', 'CAC', 'MOE', 'HA_FIC']);
  const now = Date.parse('2026-11-23T00:00:00Z');
  const good: DefinitionShape = {
    leadAgency: 'CAST',
    coSigners: ['CPD', 'CAC'],
    coSignDueAt: '2026-12-01T18:00:00+08:00',
    milestones: {
      publicationOpensAt: '2026-12-20T00:00:00+08:00',
      concentratedWeek: { startsAt: '2027-01-15T00:00:00+08:00', endsAt: '2027-01-21T23:59:59+08:00' },
      summaryDueAt: '2027-02-07T00:00:00+08:00',
      closesAt: '2027-03-31T23:59:59+08:00',
    },
  };
  const fields = (d: DefinitionShape) => checkDefinitionRules(d, known, now).errors.map((e) => e.field);

  it('accepts a sound definition', () => {
    expect(checkDefinitionRules(good, known, now)).toEqual({ errors: [], warnings: [] });
  });

  it('names unknown, duplicate and self-co-signing agencies by position', () => {
    expect(fields({ ...good, leadAgency: 'NOPE' })).toEqual(['leadAgency']);
    expect(fields({ ...good, coSigners: ['CPD', 'XYZ', 'CPD', 'CAST'] })).toEqual(['coSigners.1', 'coSigners.2', 'coSigners.3']);
  });

  it('refuses deadlines in the past and milestones out of order', () => {
    expect(fields({ ...good, coSignDueAt: '2023-08-02T18:00:00+08:00' })).toEqual(['coSignDueAt']);
    expect(fields({ ...good, milestones: { ...good.milestones, summaryDueAt: '2027-01-01T00:00:00+08:00' } })).toEqual(['milestones.summaryDueAt']);
  });

  it('warns when the header and the signature block disagree', () => {
    const r = checkDefinitionRules({ ...good, headerIssuers: ['CAST', 'CPD', 'CAC', 'HA_FIC'] }, known, now);
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([{ field: 'headerIssuers', message: expect.stringContaining('HA_FIC') }]);
  });
});
