import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import { addressProblem, checkWebhookUrl, safeLookup } from './webhook-url';

const STRICT = { allowPrivate: false };
const LAN = { allowPrivate: true };

describe('addressProblem: which addresses may receive webhooks', () => {
  it.each([
    ['93.184.215.14'],
    ['8.8.8.8'],
    ['2606:4700:4700::1111'],
    // 172.32/16 is just outside RFC 1918's 172.16/12; 100.128/16 just outside CGNAT's 100.64/10
    ['172.32.0.1'],
    ['100.128.0.1'],
  ])('%s is public: allowed', (ip) => {
    expect(addressProblem(ip, STRICT)).toBeNull();
  });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.10', 'private'],
    ['fc00::1', 'unique local'],
    ['fd12:3456::1', 'unique local'],
    ['169.254.1.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    // IPv6 forms that carry an IPv4 address are judged by it
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['64:ff9b::a00:1', 'private'],
    ['2002:c0a8:101::1', 'private'],
    ['::10.0.0.1', 'private'],
    // cloud metadata services
    ['169.254.169.254', 'metadata'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
  ])('%s is refused (%s)', (ip, what) => {
    const problem = addressProblem(ip, STRICT);
    expect(problem).toContain(what);
    expect(problem).toContain(ip);
  });

  it('allows private, loopback and link-local addresses when WEBHOOK_ALLOW_PRIVATE=true, never a metadata service', () => {
    for (const ip of ['127.0.0.1', '::1', '10.1.2.3', '192.168.1.10', 'fd12::1', '169.254.1.1', '::ffff:127.0.0.1']) expect(addressProblem(ip, LAN)).toBeNull();
    for (const ip of ['169.254.169.254', 'fd00:ec2::254', '::ffff:169.254.169.254', '100.100.100.200']) expect(addressProblem(ip, LAN)).toContain('metadata');
  });

  it('judges a mapped public address as public', () => {
    expect(addressProblem('::ffff:93.184.215.14', STRICT)).toBeNull();
    expect(addressProblem('2002:5db8:d70e::1', STRICT)).toBeNull();
  });
});

describe('checkWebhookUrl', () => {
  it('accepts an http(s) URL of a public address', async () => {
    expect(await checkWebhookUrl('https://93.184.215.14/hooks/notices', STRICT)).toBeNull();
    expect(await checkWebhookUrl('http://[2606:4700:4700::1111]:8080/x?y=1', STRICT)).toBeNull();
  });

  it.each([
    ['ftp://93.184.215.14/x', 'http or https'],
    ['file:///etc/passwd', 'http or https'],
    ['javascript:alert(1)', 'http or https'],
    ['gopher://93.184.215.14/', 'http or https'],
    ['not a url', 'absolute http or https URL'],
    ['/relative/path', 'absolute http or https URL'],
    ['https://user:pass@93.184.215.14/x', 'user name or password'],
    ['https://token@93.184.215.14/x', 'user name or password'],
  ])('%s is refused: %s', async (url, reason) => {
    expect(await checkWebhookUrl(url, STRICT)).toContain(reason);
    expect(await checkWebhookUrl(url, LAN)).toContain(reason);
  });

  it.each([
    ['http://127.0.0.1:8080/hook', 'loopback'],
    ['http://localhost/hook', 'loopback'],
    ['http://LOCALHOST/hook', 'loopback'],
    ['http://127.1/hook', 'loopback'],
    ['http://[::1]/hook', 'loopback'],
    ['http://10.0.0.5/hook', 'private'],
    ['http://192.168.0.1/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[fd00:ec2::254]/latest/meta-data/', 'metadata'],
    ['http://[::ffff:127.0.0.1]/hook', 'loopback'],
    // the URL parser reads these as 127.0.0.1 before any lookup
    ['http://0x7f.1/hook', 'loopback'],
    ['http://2130706433/hook', 'loopback'],
    ['http://0.0.0.0/hook', 'unspecified'],
  ])('%s is refused unless private addresses are allowed (%s)', async (url, what) => {
    const problem = await checkWebhookUrl(url, STRICT);
    expect(problem).toContain(what);
    expect(problem).toContain('WEBHOOK_ALLOW_PRIVATE=true');
    if (what === 'metadata') expect(await checkWebhookUrl(url, LAN)).toContain('metadata');
    else expect(await checkWebhookUrl(url, LAN)).toBeNull();
  });

  it('names the host that resolved to a refused address', async () => {
    expect(await checkWebhookUrl('http://localhost:3000/', STRICT)).toMatch(/^host localhost resolves to 127\.0\.0\.1, a loopback address/);
  });

  it('refuses a host that does not resolve (.invalid never does, RFC 6761)', async () => {
    expect(await checkWebhookUrl('https://no-such-host.invalid/hook', STRICT)).toBe('host no-such-host.invalid does not resolve');
    expect(await checkWebhookUrl('https://no-such-host.invalid/hook', LAN)).toBe('host no-such-host.invalid does not resolve');
  });
});

describe('safeLookup: the same rule when a connection is made', () => {
  let server: ReturnType<typeof createServer>;
  let port: number;
  beforeAll(async () => {
    server = createServer((_req, res) => res.end('ok'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  const get = (allowPrivate: boolean) =>
    new Promise<{ status?: number; error?: Error }>((resolve) => {
      const req = request({ host: 'localhost', port, path: '/', family: 4, lookup: safeLookup({ allowPrivate }), agent: false }, (res) => {
        res.resume();
        resolve({ status: res.statusCode });
      });
      req.on('error', (error) => resolve({ error }));
      req.end();
    });

  it('refuses to connect to a host resolving to loopback', async () => {
    const { status, error } = await get(false);
    expect(status).toBeUndefined();
    expect(error?.message).toContain('refused: host localhost resolves to 127.0.0.1, a loopback address');
    expect((error as NodeJS.ErrnoException).code).toBe('EWEBHOOKADDRESS');
  });

  it('connects when private addresses are allowed', async () => {
    expect(await get(true)).toEqual({ status: 200 });
  });

  it('answers in both forms dns.lookup does (all: true as Node’s happy eyeballs asks, and a single address)', async () => {
    const lookup = safeLookup(LAN);
    const all = await new Promise((r) => lookup('localhost', { all: true, family: 4 }, (err, a) => r([err, a])));
    expect(all).toEqual([null, [{ address: '127.0.0.1', family: 4 }]]);
    const one = await new Promise((r) => lookup('localhost', { family: 4 }, (err, a, f) => r([err, a, f])));
    expect(one).toEqual([null, '127.0.0.1', 4]);
  });
});
