/**
 * Where a webhook may point: the one rule, checked when an endpoint is registered (checkWebhookUrl)
 * and again on every connection the delivery makes (safeLookup), so that a host that resolved to a
 * public address at registration and to 10.0.0.1 or the cloud's metadata service later (DNS
 * rebinding) is refused all the same. Addresses are classified with ipaddr.js's ranges, never by
 * matching text: 0x7f.1, ::ffff:127.0.0.1 and 127.1 are all loopback.
 */
import { lookup as dnsLookup } from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

export interface WebhookUrlOptions {
  /** WEBHOOK_ALLOW_PRIVATE=true: loopback, private and link-local addresses are allowed (tests, an OA system on the LAN). */
  allowPrivate: boolean;
}

/**
 * Cloud instance-metadata services (credentials live there). Refused even when private addresses
 * are allowed: an OA system on the LAN never answers at these, and a webhook pointed at one would
 * hand the platform's own cloud credentials to whoever registered it.
 */
export const METADATA_ADDRESSES: readonly string[] = [
  // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle (IPv4); Tencent Cloud uses a name resolving here too
  '169.254.169.254',
  // AWS over IPv6 (Nitro)
  'fd00:ec2::254',
  // Alibaba Cloud
  '100.100.100.200',
  // Azure's WireServer (a public address, reachable only from inside Azure)
  '168.63.129.16',
  // Oracle Cloud's older metadata address
  '192.0.0.192',
].map((a) => ipaddr.process(a).toNormalizedString());

/** What each refused range is called in a message. */
const RANGE_NAMES: Record<string, string> = {
  unspecified: 'an unspecified address',
  broadcast: 'the broadcast address',
  multicast: 'a multicast address',
  linkLocal: 'a link-local address',
  loopback: 'a loopback address',
  carrierGradeNat: 'a carrier-grade NAT address (100.64.0.0/10)',
  private: 'a private address (RFC 1918)',
  uniqueLocal: 'a private address (unique local, fc00::/7)',
  reserved: 'a reserved address',
  deprecatedSiteLocal: 'a site-local address',
  teredo: 'a Teredo tunnel address',
};

/**
 * Why `address` (an IP literal) may not receive webhooks, or null when it may: only public
 * unicast addresses, unless private ones are allowed; never a metadata service. An IPv6 address
 * that carries an IPv4 one (::ffff:10.0.0.1, 64:ff9b::a00:1, 2002:a00:1::) is judged by the IPv4
 * address it reaches.
 */
export function addressProblem(address: string, opts: WebhookUrlOptions): string | null {
  const what = refusedAs(address, opts);
  return what && `${address} is ${what}`;
}

/** What kind of refused address it is (`a loopback address`), or null when it is allowed. */
function refusedAs(address: string, opts: WebhookUrlOptions): string | null {
  if (!ipaddr.isValid(address)) return 'not an IP address';
  const ip = ipaddr.parse(address);
  if (METADATA_ADDRESSES.includes(ip.toNormalizedString())) return 'a cloud metadata address';
  const embedded = embeddedIPv4(ip);
  if (embedded) {
    const what = refusedAs(embedded.toString(), opts);
    return what && `${what} (${embedded.toString()})`;
  }
  if (opts.allowPrivate) return null;
  const range = ip.range();
  if (range === 'unicast') return null;
  return RANGE_NAMES[range] ?? `a special-purpose address (${range})`;
}

/** The IPv4 address an IPv6 address stands for, if it is one of the forms that embed one. */
function embeddedIPv4(ip: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | null {
  if (ip.kind() !== 'ipv6') return null;
  const v6 = ip as ipaddr.IPv6;
  const p = v6.parts;
  const last32 = () => new ipaddr.IPv4([p[6] >> 8, p[6] & 0xff, p[7] >> 8, p[7] & 0xff]);
  switch (v6.range()) {
    case 'ipv4Mapped': // ::ffff:a.b.c.d
    case 'rfc6145': // ::ffff:0:a.b.c.d
      return last32();
    case 'rfc6052': // NAT64 64:ff9b::a.b.c.d
      return p[0] === 0x64 && p[1] === 0xff9b && p[2] === 0 ? last32() : null;
    case '6to4': // 2002:AABB:CCDD::
      return new ipaddr.IPv4([p[1] >> 8, p[1] & 0xff, p[2] >> 8, p[2] & 0xff]);
    case 'loopback':
    case 'unspecified':
      return null;
    default:
      // The deprecated IPv4-compatible form ::a.b.c.d
      return p.slice(0, 6).every((x) => x === 0) ? last32() : null;
  }
}

/** The host of a URL as the resolver takes it: IPv6 literals without their brackets. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * Why a webhook may not be registered at `url`, or null when it may: an http(s) URL without
 * credentials whose host resolves, every one of its addresses allowed (addressProblem). The
 * reason reads after the field's name (`url: …`).
 */
export async function checkWebhookUrl(url: string, opts: WebhookUrlOptions): Promise<string | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return `must be an http or https URL, not ${parsed.protocol.replace(/:$/, '')}`;
  if (parsed.username || parsed.password) return 'must not carry a user name or password (the signature authenticates the sender)';
  const host = hostOf(parsed);
  if (!host) return 'must name a host';
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host);
  } catch {
    return `host ${host} does not resolve`;
  }
  if (!addresses.length) return `host ${host} does not resolve`;
  return hostProblem(host, addresses, opts);
}

function hostProblem(host: string, addresses: readonly LookupAddress[], opts: WebhookUrlOptions): string | null {
  for (const a of addresses) {
    const what = refusedAs(a.address, opts);
    if (what) {
      const via = isIP(host) ? `${a.address} is ${what}` : `host ${host} resolves to ${a.address}, ${what}`;
      return `${via}: webhooks reach only public addresses${opts.allowPrivate ? '' : ' (WEBHOOK_ALLOW_PRIVATE=true allows private ones)'}`;
    }
  }
  return null;
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));
}

/** The error a connection refused by safeLookup fails with. */
export class WebhookAddressError extends Error {
  readonly code = 'EWEBHOOKADDRESS';
}

/**
 * A `dns.lookup` for `http.request({ lookup })`: resolves as the system would, and refuses the
 * connection when any address the host resolves to is one checkWebhookUrl refuses. It is asked at
 * connect time, so what the host resolves to then is what counts. (Node connects to an IP literal
 * without a lookup: check those with addressProblem before the request.)
 */
export function safeLookup(opts: WebhookUrlOptions): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const problem = addresses.length ? hostProblem(hostname, addresses, opts) : `host ${hostname} does not resolve`;
      if (problem) return callback(new WebhookAddressError(`refused: ${problem}`), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };
}
