/**
 * Accounts (issue 10) over HTTP: login hands out the bearer token every endpoint takes, the
 * refresh cookie rotates under CSRF protection, reuse and logout revoke, lockout after repeated
 * failures, and who may manage whose accounts. Cookies are carried by hand, as a browser would.
 */
import { randomBytes } from 'node:crypto';
import type { TestSystem } from './support/system';
import { startSystem } from './support/system';

let sys: TestSystem;
let admin: string;
const tag = randomBytes(3).toString('hex');
const PASSWORD = 'correct horse battery staple';
const NO_SUCH_USER = '00000000-0000-4000-8000-000000000000';

/** The cookies a response sets: name → { value, attributes }. */
function cookiesOf(res: Response): Record<string, { value: string; attrs: string }> {
  const out: Record<string, { value: string; attrs: string }> = {};
  for (const line of res.headers.getSetCookie()) {
    const [pair, ...attrs] = line.split(';');
    const i = pair.indexOf('=');
    out[pair.slice(0, i).trim()] = { value: decodeURIComponent(pair.slice(i + 1)), attrs: attrs.join(';').trim() };
  }
  return out;
}

interface Browser {
  refresh?: string;
  xsrf?: string;
}

async function call(path: string, init: { method?: string; body?: unknown; token?: string; cookies?: Record<string, string | undefined>; headers?: Record<string, string> } = {}) {
  const cookie = Object.entries(init.cookies ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${encodeURIComponent(v!)}`)
    .join('; ');
  const res = await fetch(`${sys.url}${path}`, {
    method: init.method ?? 'POST',
    headers: {
      ...(init.body !== undefined && { 'content-type': 'application/json' }),
      ...(init.token && { authorization: `Bearer ${init.token}` }),
      ...(cookie && { cookie }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { res, status: res.status, text, body: text ? JSON.parse(text) : null, cookies: cookiesOf(res) };
}

async function login(loginName: string, password = PASSWORD) {
  const r = await call('/api/v1/auth/login', { body: { login: loginName, password } });
  return { ...r, browser: { refresh: r.cookies.refresh_token?.value, xsrf: r.cookies['XSRF-TOKEN']?.value } as Browser };
}

/** A refresh as the console sends it; `xsrfHeader` null sends no header. */
const refresh = (b: Browser, xsrfHeader: string | null | undefined = b.xsrf) =>
  call('/api/v1/auth/refresh', { cookies: { refresh_token: b.refresh, 'XSRF-TOKEN': b.xsrf }, headers: xsrfHeader == null ? {} : { 'x-xsrf-token': xsrfHeader } });

async function createUser(over: Record<string, unknown>, token = admin) {
  return call('/api/v1/users', { token, body: { name: '测试用户', agency: 'HA_CAST', roles: ['secretariat'], email: null, password: PASSWORD, ...over } });
}

beforeAll(async () => {
  sys = await startSystem();
  admin = sys.token('CAST', 'admin');
}, 120_000);
afterAll(async () => {
  await sys?.db.query(`DELETE FROM users WHERE login LIKE $1`, [`%${tag}%`]);
  await sys?.close();
});

describe('login', () => {
  const who = `clerk.${tag}`;
  beforeAll(async () => {
    const r = await createUser({ login: who.toUpperCase(), name: '李二静', email: 'henankepu@163.com' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ login: who, name: '李二静', agency: 'HA_CAST', roles: ['secretariat'], email: 'henankepu@163.com', active: true });
    expect(r.text).not.toMatch(/argon2|password/i);
  });

  it('hands out a bearer token the API takes, and /me names the person', async () => {
    const r = await login(who.toUpperCase());
    expect(r.status).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['accessToken', 'expiresAt']);
    const ttl = Date.parse(r.body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(14 * 60_000);
    expect(ttl).toBeLessThanOrEqual(15 * 60_000);
    expect(r.cookies.refresh_token.attrs).toMatch(/HttpOnly/);
    expect(r.cookies.refresh_token.attrs).toMatch(/SameSite=Strict/);
    expect(r.cookies.refresh_token.attrs).toMatch(/Path=\/api\/v1\/auth/);
    expect(r.cookies['XSRF-TOKEN'].attrs).not.toMatch(/HttpOnly/);
    expect(r.cookies['XSRF-TOKEN'].attrs).toMatch(/SameSite=Strict/);
    const campaigns = await sys.http.get('/api/v1/campaigns', r.body.accessToken);
    expect(campaigns.status).toBe(200);
    const me = await sys.http.get('/api/v1/me', r.body.accessToken);
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ sub: who, agency: 'HA_CAST', roles: ['secretariat'], user: { id: expect.any(String), login: who, name: '李二静', email: 'henankepu@163.com' } });
  });

  it('answers /me for a minted token without an account', async () => {
    const me = await sys.http.get('/api/v1/me', admin);
    expect(me.body).toEqual({ sub: 'cast-admin', agency: 'CAST', roles: ['admin'], user: null });
    expect((await sys.http.get('/api/v1/me')).status).toBe(401);
  });

  it('refuses a wrong password and an unknown login alike (401, same message)', async () => {
    const wrong = await login(who, 'not the password at all');
    const nobody = await login(`nobody.${tag}`, 'not the password at all');
    expect(wrong.status).toBe(401);
    expect(nobody.status).toBe(401);
    expect(wrong.body.message).toBe(nobody.body.message);
    expect(wrong.cookies.refresh_token).toBeUndefined();
    // A success starts the count again (the lockout test below counts from zero on its own account).
    expect((await login(who)).status).toBe(200);
  });

  it('locks the account after five consecutive failures: 429 with Retry-After, even with the right password', async () => {
    const locked = `locked.${tag}`;
    expect((await createUser({ login: locked })).status).toBe(201);
    for (let i = 0; i < 5; i++) expect((await login(locked, 'wrong password number ' + i)).status).toBe(401);
    const r = await login(locked);
    expect(r.status).toBe(429);
    expect(Number(r.res.headers.get('retry-after'))).toBeGreaterThan(800);
    expect(Number(r.res.headers.get('retry-after'))).toBeLessThanOrEqual(900);
    expect(r.body.error).toBe('LOCKED_OUT');
    expect(r.cookies.refresh_token).toBeUndefined();
    // A new password set by an administrator lifts the lock.
    const [{ id }] = await sys.db.query(`SELECT id FROM users WHERE login = $1`, [locked]);
    expect((await call(`/api/v1/users/${id}`, { method: 'PATCH', token: admin, body: { password: 'a brand new password' } })).status).toBe(200);
    expect((await login(locked, 'a brand new password')).status).toBe(200);
  });
});

describe('refresh and logout', () => {
  const who = `refresher.${tag}`;
  beforeAll(async () => {
    expect((await createUser({ login: who, agency: 'CAST', roles: ['signer'] })).status).toBe(201);
  });

  it('needs the X-XSRF-TOKEN header repeating the cookie (403 without), and rotates the refresh token', async () => {
    const { browser } = await login(who);
    expect((await refresh(browser, null)).status).toBe(403);
    expect((await refresh(browser, 'something else')).status).toBe(403);
    const r = await refresh(browser);
    expect(r.status).toBe(200);
    expect((await sys.http.get('/api/v1/me', r.body.accessToken)).body.user.login).toBe(who);
    const next = r.cookies.refresh_token.value;
    expect(next).toBeTruthy();
    expect(next).not.toBe(browser.refresh);
    expect((await refresh({ ...browser, refresh: next })).status).toBe(200);
    expect((await refresh({ xsrf: browser.xsrf })).status).toBe(401);
  });

  it('a spent refresh token presented again is 401 and ends the newer one too', async () => {
    const { browser } = await login(who);
    const first = await refresh(browser);
    const newer = first.cookies.refresh_token.value;
    const replay = await refresh(browser);
    expect(replay.status).toBe(401);
    expect((await refresh({ ...browser, refresh: newer })).status).toBe(401);
  });

  it('logout revokes the refresh token and clears the cookies', async () => {
    const { browser } = await login(who);
    expect((await call('/api/v1/auth/logout', { cookies: { refresh_token: browser.refresh, 'XSRF-TOKEN': browser.xsrf } })).status).toBe(403);
    const out = await call('/api/v1/auth/logout', { cookies: { refresh_token: browser.refresh, 'XSRF-TOKEN': browser.xsrf }, headers: { 'x-xsrf-token': browser.xsrf! } });
    expect(out.status).toBe(204);
    expect(out.cookies.refresh_token.value).toBe('');
    expect(out.cookies.refresh_token.attrs).toMatch(/Expires=Thu, 01 Jan 1970/);
    expect((await refresh(browser)).status).toBe(401);
  });

  it('a deactivated account cannot log in, and its refresh fails', async () => {
    const gone = `gone.${tag}`;
    const created = await createUser({ login: gone });
    const { browser } = await login(gone);
    const off = await call(`/api/v1/users/${created.body.id}`, { method: 'PATCH', token: admin, body: { active: false } });
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await login(gone)).status).toBe(401);
    expect((await login(gone)).body.message).toBe((await login(`nobody.${tag}`)).body.message);
    expect((await refresh(browser)).status).toBe(401);
  });

});

describe('managing accounts', () => {
  const haSecretariat = () => sys.token('HA_CAST', 'secretariat');

  it('the platform administrator manages every account; a body’s secretariat its own body’s only', async () => {
    expect((await createUser({ login: `cast1.${tag}`, agency: 'CAST', roles: ['admin'] })).status).toBe(201);
    const own = await createUser({ login: `ha1.${tag}`, roles: ['signer', 'recipient'] }, haSecretariat());
    expect(own.status).toBe(201);
    expect((await createUser({ login: `ha2.${tag}`, agency: 'CAST' }, haSecretariat())).status).toBe(403);
    expect((await createUser({ login: `ha3.${tag}`, roles: ['admin'] }, haSecretariat())).status).toBe(403);
    expect((await createUser({ login: `ha4.${tag}` }, sys.token('HA_CAST', 'signer'))).status).toBe(403);
    expect((await createUser({ login: `ha5.${tag}` }, sys.token('HA_CAST', 'admin'))).status).toBe(403);
    // A secretariat cannot grant admin by a change either, nor touch another body's account.
    expect((await call(`/api/v1/users/${own.body.id}`, { method: 'PATCH', token: haSecretariat(), body: { roles: ['admin'] } })).status).toBe(403);
    const renamed = await call(`/api/v1/users/${own.body.id}`, { method: 'PATCH', token: haSecretariat(), body: { name: '高汶静', email: 'gao@example.org', roles: ['recipient'] } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: '高汶静', email: 'gao@example.org', roles: ['recipient'] });
    expect((await call(`/api/v1/users/${own.body.id}`, { method: 'PATCH', token: sys.token('BJ_CAST', 'secretariat'), body: { name: 'x' } })).status).toBe(403);
    const [{ id: castId }] = await sys.db.query(`SELECT id FROM users WHERE login = $1`, [`cast1.${tag}`]);
    expect((await call(`/api/v1/users/${castId}`, { method: 'PATCH', token: sys.token('CAST', 'secretariat'), body: { password: 'taking over the admin' } })).status).toBe(403);
    expect((await call(`/api/v1/users/${NO_SUCH_USER}`, { method: 'PATCH', token: admin, body: { name: 'x' } })).status).toBe(404);

    const all = await call('/api/v1/users', { method: 'GET', token: admin });
    expect(all.status).toBe(200);
    expect(all.body.map((u: { login: string }) => u.login)).toEqual(expect.arrayContaining([`cast1.${tag}`, `ha1.${tag}`]));
    const ha = await call('/api/v1/users', { method: 'GET', token: haSecretariat() });
    expect(ha.body.length).toBeGreaterThan(0);
    expect(ha.body.every((u: { agency: string }) => u.agency === 'HA_CAST')).toBe(true);
    expect((await call('/api/v1/users', { method: 'GET', token: sys.token('HA_CAST', 'signer') })).status).toBe(403);
    expect(all.text + ha.text).not.toMatch(/argon2|passwordHash|password_hash/);
  });

  it('refuses bad input naming the field (400) and a taken login (409)', async () => {
    const field = async (over: Record<string, unknown>) => {
      const r = await createUser({ login: `val.${tag}`, ...over });
      return [r.status, r.body.fields?.map((f: { field: string }) => f.field)];
    };
    expect(await field({ login: 'ab' })).toEqual([400, ['login']]);
    expect(await field({ login: 'has space' })).toEqual([400, ['login']]);
    expect(await field({ login: 'x'.repeat(65) })).toEqual([400, ['login']]);
    expect(await field({ password: 'short' })).toEqual([400, ['password']]);
    expect(await field({ roles: ['king'] })).toEqual([400, ['roles']]);
    expect(await field({ roles: [] })).toEqual([400, ['roles']]);
    expect(await field({ agency: 'NO_SUCH_BODY' })).toEqual([400, ['agency']]);
    expect(await field({ email: 'not an address' })).toEqual([400, ['email']]);
    expect((await createUser({ login: `dup.${tag}` })).status).toBe(201);
    const dup = await createUser({ login: `DUP.${tag}` });
    expect(dup.status).toBe(409);
    expect(dup.body.fields.map((f: { field: string }) => f.field)).toEqual(['login']);
    const [{ n }] = await sys.db.query(`SELECT count(*)::int AS n FROM users WHERE login = $1`, [`val.${tag}`]);
    expect(n).toBe(0);
  });
});

describe('logins per client address (LOGIN_RATE_LIMIT)', () => {
  let limited: TestSystem;
  beforeAll(async () => {
    limited = await startSystem({ LOGIN_RATE_LIMIT: '3' });
  }, 120_000);
  afterAll(async () => {
    await limited?.close();
  });

  it('answers 429 with Retry-After once one address has tried too often, whichever accounts it names', async () => {
    const attempt = (loginName: string) =>
      fetch(`${limited.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login: loginName, password: 'a guess at a password' }) });
    // Three different accounts, one guess each: no account reaches its own lockout.
    for (const n of [1, 2, 3]) expect((await attempt(`spray${n}.${tag}`)).status).toBe(401);
    const fourth = await attempt(`spray4.${tag}`);
    expect(fourth.status).toBe(429);
    expect(Number(fourth.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await fourth.json()).toMatchObject({ statusCode: 429, error: 'RATE_LIMITED', message: expect.stringMatching(/too many logins from this address/) });
    // Only the login is limited: the rest of the API answers as before.
    expect((await fetch(`${limited.url}/api/v1/me`, { headers: { authorization: `Bearer ${limited.token('CAST', 'admin')}` } })).status).toBe(200);
  });
});
