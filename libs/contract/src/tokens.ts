/**
 * The bearer tokens the API accepts: HS256 JWTs with `sub`, `agency`, `roles` and `exp`. Minted by
 * the CLI (`npm run cli -- token`), the tests and the bench; verified by the API's guard.
 */
import { createSecretKey, type KeyObject } from 'node:crypto';
import * as jwt from 'jsonwebtoken';
import type { Principal, Role } from '@domain/auth';
import { ROLES } from '@domain/auth';
import { AGENCY_CODE } from '@domain/definition';

export interface MintOptions extends Principal {
  /** Lifetime in seconds (default 8 hours). */
  ttlSeconds?: number;
}

/** Development tokens (the CLI's `token` command and the tests): HS256 with AUTH_JWT_SECRET. */
export function mintToken(opts: MintOptions, secret: string): string {
  const { sub, agency, roles, ttlSeconds = 8 * 3600 } = opts;
  return jwt.sign({ agency, roles }, secretKey(secret), { algorithm: 'HS256', subject: sub, expiresIn: ttlSeconds });
}

/**
 * The secret as the key object jsonwebtoken signs and verifies with. Given the string, jsonwebtoken
 * first tries it as a PEM key and builds the secret key from the exception, every time: a tenth of
 * the API's CPU per request (issue 12's bench, profiled), and 0.5 ms per token minted (a login, the
 * bench's twenty co-signers at once). A process has one secret or two (tests), so the few are kept.
 */
const secretKeys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    if (secretKeys.size >= 8) secretKeys.clear();
    key = createSecretKey(Buffer.from(secret));
    secretKeys.set(secret, key);
  }
  return key;
}

/** Verifies signature, algorithm and expiry, then the claims' shape. Throws with a reason. */
export function verifyToken(token: string, secret: string): Principal {
  const claims = jwt.verify(token, secretKey(secret), { algorithms: ['HS256'] }) as jwt.JwtPayload;
  if (typeof claims.exp !== 'number') throw new Error('token has no exp claim');
  if (typeof claims.sub !== 'string' || !claims.sub) throw new Error('token has no sub claim');
  if (typeof claims.agency !== 'string' || !AGENCY_CODE.test(claims.agency)) throw new Error('token has no valid agency claim');
  if (!Array.isArray(claims.roles) || !claims.roles.every((r) => (ROLES as readonly string[]).includes(r))) {
    throw new Error(`token roles must be a subset of ${ROLES.join(', ')}`);
  }
  return { sub: claims.sub, agency: claims.agency, roles: claims.roles as Role[] };
}
