import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { openDataSource } from '../spec-support';
import { dummyPasswordHash, hashPassword, verifyPassword } from './password';
import {
  countUsers,
  findUserByLogin,
  insertFirstUser,
  insertRefreshToken,
  insertUser,
  listUsers,
  loginCandidate,
  recordFailedLogin,
  recordSuccessfulLogin,
  refreshTokensOf,
  revokeRefreshToken,
  rotateRefreshToken,
  updateUser,
} from './user.queries';

describe('user queries', () => {
  let ds: DataSource;
  // Logins of this spec's own: parallel workers share the database.
  const tag = randomBytes(4).toString('hex');
  const sha = () => randomBytes(32).toString('hex');
  const user = (login: string, over: Record<string, unknown> = {}) =>
    insertUser(ds, { login, name: '张三', agency: 'HA_CAST', roles: ['secretariat'], email: null, passwordHash: 'x', ...over });

  beforeAll(async () => {
    ds = await openDataSource();
  });
  afterAll(async () => {
    await ds.query(`DELETE FROM users WHERE login LIKE $1`, [`%${tag}%`]);
    await ds.destroy();
  });

  it('hashes with argon2id and verifies; a wrong password or an unreadable hash is false', async () => {
    const h = await hashPassword('correct horse battery');
    expect(h.startsWith('$argon2id$')).toBe(true);
    expect(await verifyPassword(h, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(h, 'wrong horse battery')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(await verifyPassword(await dummyPasswordHash(), 'x')).toBe(false);
  });

  it('stores the login in lower case and refuses the same login in another case', async () => {
    const u = await user(`Zhang.${tag}`);
    expect(u).toMatchObject({ login: `zhang.${tag}`, agency: 'HA_CAST', roles: ['secretariat'], active: true });
    expect(u).not.toHaveProperty('passwordHash');
    expect(await user(`ZHANG.${tag}`)).toBeNull();
    expect((await findUserByLogin(ds, `ZHANG.${tag}`))?.id).toBe(u!.id);
    expect((await listUsers(ds, 'HA_CAST')).map((x) => x.id)).toContain(u!.id);
    expect((await listUsers(ds, 'CAST')).map((x) => x.id)).not.toContain(u!.id);
  });

  it('refuses an unknown agency (foreign key)', async () => {
    await expect(user(`nobody.${tag}`, { agency: 'NO_SUCH_BODY' })).rejects.toThrow();
  });

  it('locks after five consecutive failures; a success starts the count again', async () => {
    const u = (await user(`lock.${tag}`))!;
    for (let i = 0; i < 4; i++) expect(await recordFailedLogin(ds, u.id)).toBe(0);
    await recordSuccessfulLogin(ds, u.id);
    for (let i = 0; i < 4; i++) expect(await recordFailedLogin(ds, u.id)).toBe(0);
    const locked = await recordFailedLogin(ds, u.id);
    expect(locked).toBeGreaterThan(890);
    expect(locked).toBeLessThanOrEqual(900);
    expect((await loginCandidate(ds, `LOCK.${tag}`))).toMatchObject({ passwordHash: 'x', lockedSeconds: locked });
    await recordSuccessfulLogin(ds, u.id);
    expect((await loginCandidate(ds, `lock.${tag}`))!.lockedSeconds).toBe(0);
  });

  it('rotates a refresh token once; presenting it again revokes every token of the account', async () => {
    const u = (await user(`rot.${tag}`))!;
    const [a, b, c, other] = [sha(), sha(), sha(), sha()];
    await insertRefreshToken(ds, u.id, a, 3600);
    await insertRefreshToken(ds, u.id, other, 3600);
    expect(await rotateRefreshToken(ds, a, b, 3600)).toMatchObject({ kind: 'rotated', user: { id: u.id } });
    expect(await rotateRefreshToken(ds, sha(), c, 3600)).toEqual({ kind: 'invalid' });
    expect(await rotateRefreshToken(ds, a, c, 3600)).toEqual({ kind: 'reused' });
    const tokens = await refreshTokensOf(ds, u.id);
    expect(tokens.map((t) => t.tokenSha256).sort()).toEqual([a, b, other].sort());
    expect(tokens.every((t) => t.revokedAt !== null)).toBe(true);
  });

  it('does not rotate an expired token or a token of an inactive account', async () => {
    const u = (await user(`exp.${tag}`))!;
    const [a, b] = [sha(), sha()];
    await insertRefreshToken(ds, u.id, a, 0);
    expect(await rotateRefreshToken(ds, a, sha(), 3600)).toEqual({ kind: 'invalid' });
    await insertRefreshToken(ds, u.id, b, 3600);
    await updateUser(ds, u.id, { active: false });
    // Deactivation revoked it: presented again, it is a revoked token.
    expect((await refreshTokensOf(ds, u.id)).find((t) => t.tokenSha256 === b)!.revokedAt).not.toBeNull();
    expect(await rotateRefreshToken(ds, b, sha(), 3600)).toEqual({ kind: 'reused' });
    // A live token of an inactive account (one stored after the deactivation) does not rotate either.
    const c = sha();
    await insertRefreshToken(ds, u.id, c, 3600);
    expect(await rotateRefreshToken(ds, c, sha(), 3600)).toEqual({ kind: 'invalid' });
  });

  it('updates only what it is given; a new password clears the lockout and revokes the tokens; logout revokes one', async () => {
    const u = (await user(`upd.${tag}`, { email: 'a@example.org' }))!;
    expect(await updateUser(ds, u.id, { name: '李四' })).toMatchObject({ name: '李四', email: 'a@example.org', roles: ['secretariat'], active: true });
    expect(await updateUser(ds, u.id, { email: null, roles: ['signer', 'recipient'] })).toMatchObject({ name: '李四', email: null, roles: ['signer', 'recipient'] });
    for (let i = 0; i < 5; i++) await recordFailedLogin(ds, u.id);
    const t = sha();
    await insertRefreshToken(ds, u.id, t, 3600);
    await updateUser(ds, u.id, { passwordHash: 'y' });
    expect(await loginCandidate(ds, u.login)).toMatchObject({ passwordHash: 'y', lockedSeconds: 0 });
    expect(await revokeRefreshToken(ds, t)).toBe(false);
    const t2 = sha();
    await insertRefreshToken(ds, u.id, t2, 3600);
    expect(await revokeRefreshToken(ds, t2)).toBe(true);
    expect(await updateUser(ds, '00000000-0000-4000-8000-000000000000', { name: 'x' })).toBeNull();
  });

  it('creates the first account only on an empty table', async () => {
    // Other specs' accounts exist: the table is not empty, so nothing is created.
    await user(`first.${tag}`);
    expect(await countUsers(ds)).toBeGreaterThan(0);
    expect(await insertFirstUser(ds, { login: `boot.${tag}`, name: 'x', agency: 'CAST', roles: ['admin'], email: null, passwordHash: 'x' })).toBeNull();
    expect(await findUserByLogin(ds, `boot.${tag}`)).toBeNull();
  });
});
