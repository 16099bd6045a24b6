import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDataSource } from '../spec-support';
import { agencyCodes, agencyCount, agencyExists, directoryRows, insertAgencies, listAgencies, regionNames } from './agency.queries';

describe('agency queries', () => {
  let ds: DataSource;
  const tag = randomUUID().slice(0, 6).toUpperCase().replace(/[^A-Z]/g, 'X');
  const region = `SPEC${tag}`.slice(0, 16);
  const code = (n: string) => `SPEC_${tag}_${n}`;

  beforeAll(async () => {
    ds = await openDataSource();
  });

  afterAll(async () => {
    await ds.query(`DELETE FROM agencies WHERE region = $1`, [region]);
    await ds.destroy();
  });

  it('reads the seeded directory as plain rows', async () => {
    const rows = await directoryRows(ds);
    expect(rows.length).toBe(await agencyCount(ds));
    expect(rows.find((r) => r.code === 'HA_ZZ_CAST')).toMatchObject({ level: 'municipal', kind: 'CAST', region: 'HA_ZZ', parentRegion: 'HA', regionType: expect.any(String) });
    expect((await agencyCodes(ds)).has('CAST')).toBe(true);
    expect(await agencyExists(ds, 'HA_CAST')).toBe(true);
    expect(await agencyExists(ds, code('NONE'))).toBe(false);
    expect(await regionNames(ds, ['HA', 'NOWHERE'])).toEqual(new Map([['HA', expect.any(String)]]));
    expect(await regionNames(ds, [])).toEqual(new Map());
    const national = await listAgencies(ds, { level: 'national', kind: 'CAST' });
    expect(national.map((a) => a.code)).toContain('CAST');
    expect(national.every((a) => a.level === 'national' && a.kind === 'CAST')).toBe(true);
    // The whole directory: national bodies first, then provincial, then municipal (not alphabetical).
    const rank = { national: 0, provincial: 1, municipal: 2 };
    const levels = (await listAgencies(ds)).map((a) => rank[a.level]);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    expect(new Set(levels)).toEqual(new Set([0, 1, 2]));
  });

  it('imports bodies in one statement, a parent earlier in the same list; all or none', async () => {
    const body = (n: string, parentCode: string | null) => ({
      code: code(n),
      name: `基准${n}`,
      shortName: `基准${n}`,
      level: 'municipal' as const,
      parentCode,
      kind: 'CAST',
      region,
      regionName: '测试市',
      regionType: 'city',
      parentRegion: 'HA',
    });
    // Counted in this spec's own region: other specs import and remove bodies of their own meanwhile.
    const ours = async () => (await listAgencies(ds, { region })).length;
    const before = await ours();
    await insertAgencies(ds, [body('A', 'HA_CAST'), body('B', code('A'))]);
    expect(await ours()).toBe(before + 2);
    expect((await listAgencies(ds, { region })).map((a) => [a.code, a.parentCode, a.source])).toEqual([
      [code('A'), 'HA_CAST', 'import'],
      [code('B'), code('A'), 'import'],
    ]);
    // A parent that exists nowhere: the whole list is refused.
    await expect(insertAgencies(ds, [body('C', null), body('D', code('NONE'))])).rejects.toThrow(/agencies_parent_code_fkey/);
    expect(await ours()).toBe(before + 2);
  });
});
