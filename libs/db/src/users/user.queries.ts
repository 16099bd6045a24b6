import { LOCKOUT_SECONDS, MAX_FAILED_LOGINS } from '@domain/account';
import type { Db } from '../sql';
import { affected, atomically, row, rows, selectColumns, sqlInt, updateReturning } from '../sql';
import { RefreshTokenEntity, UserEntity } from './user.entity';

/**
 * Accounts and their refresh tokens. Logins are stored in lower case (the unique constraint then
 * ignores case); every function lower-cases the login it is given. Refresh tokens are kept as
 * their SHA-256 only: the caller hashes.
 */

/** An account as anyone may see it: never its password hash. */
export type UserRow = Pick<UserEntity, 'id' | 'login' | 'name' | 'agency' | 'roles' | 'email' | 'active' | 'createdAt' | 'updatedAt'>;
const COLUMNS: (keyof UserRow)[] = ['id', 'login', 'name', 'agency', 'roles', 'email', 'active', 'createdAt', 'updatedAt'];

/** What a login checks: the hash, and how many seconds the account stays locked (0: not locked). */
export type LoginCandidate = UserRow & Pick<UserEntity, 'passwordHash'> & { lockedSeconds: number };

export interface NewUser {
  login: string;
  name: string;
  agency: string;
  roles: string[];
  email: string | null;
  passwordHash: string;
}

/** What an update may change; what is left out stays. */
export interface UserChanges {
  name?: string;
  email?: string | null;
  roles?: string[];
  passwordHash?: string;
  active?: boolean;
}

const cols = (db: Db, alias = 'u') => selectColumns(db, UserEntity, alias, COLUMNS);

export async function countUsers(db: Db): Promise<number> {
  return (await row<{ n: number }>(db, 'SELECT count(*)::int AS n FROM users'))!.n;
}

/** Every account, or a body's; by login. */
export function listUsers(db: Db, agency?: string): Promise<UserRow[]> {
  return agency === undefined
    ? rows(db, `SELECT ${cols(db)} FROM users u ORDER BY u.login`)
    : rows(db, `SELECT ${cols(db)} FROM users u WHERE u.agency = $1 ORDER BY u.login`, [agency]);
}

export function findUser(db: Db, id: string): Promise<UserRow | null> {
  return row(db, `SELECT ${cols(db)} FROM users u WHERE u.id = $1`, [id]);
}

export function findUserByLogin(db: Db, login: string): Promise<UserRow | null> {
  return row(db, `SELECT ${cols(db)} FROM users u WHERE u.login = lower($1)`, [login]);
}

/** The account a login names, with what the login checks; the lock is measured on the database's clock. */
export function loginCandidate(db: Db, login: string): Promise<LoginCandidate | null> {
  return row(
    db,
    `SELECT ${cols(db)}, u.password_hash AS "passwordHash",
            GREATEST(0, ceil(extract(epoch FROM u.locked_until - now())))::int AS "lockedSeconds"
       FROM users u WHERE u.login = lower($1)`,
    [login],
  );
}

/** Adds an account (a new id); null when the login is taken. */
export function insertUser(db: Db, u: NewUser): Promise<UserRow | null> {
  return row(
    db,
    `INSERT INTO users AS u (id, login, name, agency, roles, email, password_hash)
     VALUES (gen_random_uuid(), lower($1), $2, $3, $4, $5, $6)
     ON CONFLICT (login) DO NOTHING
     RETURNING ${cols(db)}`,
    [u.login, u.name, u.agency, u.roles, u.email, u.passwordHash],
  );
}

/**
 * The first account of an empty system (the bootstrap administrator): null when there is any
 * account already, so that of several instances starting at once one creates it.
 */
export function insertFirstUser(db: Db, u: NewUser): Promise<UserRow | null> {
  return atomically(db, async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('users:bootstrap'))`);
    if ((await countUsers(m)) > 0) return null;
    return insertUser(m, u);
  });
}

/**
 * Changes an account; null when there is none of that id. A new password clears the lockout.
 * Deactivating it or changing its password revokes its refresh tokens: its browsers are logged
 * out (access tokens already handed out run out on their own, within minutes).
 */
export function updateUser(db: Db, id: string, c: UserChanges): Promise<UserRow | null> {
  return atomically(db, async (m) => {
    const [updated] = await updateReturning<UserRow>(
      m,
      `UPDATE users u
          SET name = COALESCE($2::text, u.name),
              email = CASE WHEN $3::boolean THEN $4::text ELSE u.email END,
              roles = COALESCE($5::text[], u.roles),
              password_hash = COALESCE($6::text, u.password_hash),
              active = COALESCE($7::boolean, u.active),
              failed_logins = CASE WHEN $6::text IS NULL THEN u.failed_logins ELSE 0 END,
              locked_until = CASE WHEN $6::text IS NULL THEN u.locked_until ELSE NULL END,
              updated_at = now()
        WHERE u.id = $1
        RETURNING ${cols(m)}`,
      [id, c.name ?? null, c.email !== undefined, c.email ?? null, c.roles ?? null, c.passwordHash ?? null, c.active ?? null],
    );
    if (!updated) return null;
    if (c.active === false || c.passwordHash !== undefined) await revokeUserRefreshTokens(m, id);
    return updated;
  });
}

/**
 * A failed login: one more consecutive failure; the one that reaches the limit locks the account
 * for the lockout period and starts the count again. Answers the seconds it is now locked (0: not).
 */
export async function recordFailedLogin(db: Db, id: string, maxFailures = MAX_FAILED_LOGINS, lockSeconds = LOCKOUT_SECONDS): Promise<number> {
  const [r] = await updateReturning<{ lockedSeconds: number }>(
    db,
    `UPDATE users u
        SET failed_logins = CASE WHEN u.failed_logins + 1 >= $2 THEN 0 ELSE u.failed_logins + 1 END,
            locked_until = CASE WHEN u.failed_logins + 1 >= $2 THEN now() + make_interval(secs => $3) ELSE u.locked_until END
      WHERE u.id = $1
      RETURNING GREATEST(0, ceil(extract(epoch FROM u.locked_until - now())))::int AS "lockedSeconds"`,
    [id, sqlInt(maxFailures, 1000), sqlInt(lockSeconds, 86_400 * 365)],
  );
  return r?.lockedSeconds ?? 0;
}

/** A successful login: the count of failures starts again. */
export async function recordSuccessfulLogin(db: Db, id: string): Promise<void> {
  await affected(db, 'UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)', [id]);
}

// ───────────────────────────────────────────────────────────── refresh tokens

export type RefreshTokenRow = Pick<RefreshTokenEntity, 'id' | 'userId' | 'tokenSha256' | 'createdAt' | 'expiresAt' | 'revokedAt'>;
const TOKEN_COLUMNS: (keyof RefreshTokenRow)[] = ['id', 'userId', 'tokenSha256', 'createdAt', 'expiresAt', 'revokedAt'];

/** Stores a new refresh token (its SHA-256) of an account, valid for `ttlSeconds`. */
export async function insertRefreshToken(db: Db, userId: string, tokenSha256: string, ttlSeconds: number): Promise<RefreshTokenRow> {
  return (await row<RefreshTokenRow>(
    db,
    `INSERT INTO refresh_tokens AS t (id, user_id, token_sha256, expires_at)
     VALUES (gen_random_uuid(), $1, $2, now() + make_interval(secs => $3))
     RETURNING ${selectColumns(db, RefreshTokenEntity, 't', TOKEN_COLUMNS)}`,
    [userId, tokenSha256, sqlInt(ttlSeconds, 86_400 * 366)],
  ))!;
}

export function refreshTokensOf(db: Db, userId: string): Promise<RefreshTokenRow[]> {
  return rows(db, `SELECT ${selectColumns(db, RefreshTokenEntity, 't', TOKEN_COLUMNS)} FROM refresh_tokens t WHERE t.user_id = $1 ORDER BY t.created_at, t.id`, [userId]);
}

export type Rotation =
  /** The token was live: it is revoked, the new one stored; the account it belongs to. */
  | { kind: 'rotated'; user: UserRow }
  /** The token had been revoked already: someone replays it, so every token of its account is revoked. */
  | { kind: 'reused' }
  /** Unknown, expired, or its account inactive. */
  | { kind: 'invalid' };

/**
 * A refresh: revokes the presented token and stores its successor, in one transaction. A token
 * presented after it was revoked (by a rotation, a logout) is reuse, the sign of a stolen token:
 * every token of its account is revoked, the thief's and the owner's alike.
 */
export function rotateRefreshToken(db: Db, oldSha256: string, newSha256: string, ttlSeconds: number): Promise<Rotation> {
  return atomically(db, async (m) => {
    const [live] = await updateReturning<{ userId: string }>(
      m,
      `UPDATE refresh_tokens t SET revoked_at = now()
         FROM users u
        WHERE t.token_sha256 = $1 AND t.revoked_at IS NULL AND t.expires_at > now() AND u.id = t.user_id AND u.active
        RETURNING t.user_id AS "userId"`,
      [oldSha256],
    );
    if (live) {
      await insertRefreshToken(m, live.userId, newSha256, ttlSeconds);
      return { kind: 'rotated', user: (await findUser(m, live.userId))! };
    }
    const revoked = await row<{ userId: string }>(m, `SELECT user_id AS "userId" FROM refresh_tokens WHERE token_sha256 = $1 AND revoked_at IS NOT NULL`, [oldSha256]);
    if (!revoked) return { kind: 'invalid' };
    await revokeUserRefreshTokens(m, revoked.userId);
    return { kind: 'reused' };
  });
}

/** A logout: revokes the token; false when it was unknown or revoked already. */
export async function revokeRefreshToken(db: Db, tokenSha256: string): Promise<boolean> {
  return (await affected(db, 'UPDATE refresh_tokens SET revoked_at = now() WHERE token_sha256 = $1 AND revoked_at IS NULL', [tokenSha256])) > 0;
}

/** Revokes every live refresh token of an account; answers how many. */
export function revokeUserRefreshTokens(db: Db, userId: string): Promise<number> {
  return affected(db, 'UPDATE refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
}
