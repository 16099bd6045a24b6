import { HttpStatus, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@config/config';
import { agencyExists } from '@db/agencies/agency.queries';
import { dummyPasswordHash, hashPassword, verifyPassword } from '@db/users/password';
import type { UserRow } from '@db/users/user.queries';
import {
  countUsers,
  findUser,
  findUserByLogin,
  insertFirstUser,
  insertRefreshToken,
  insertUser,
  listUsers,
  loginCandidate,
  recordFailedLogin,
  recordSuccessfulLogin,
  revokeRefreshToken,
  rotateRefreshToken,
  updateUser,
} from '@db/users/user.queries';
import { isPlatformAdmin, PLATFORM_AGENCY, Principal, Role } from '@domain/auth';
import { sha256Hex } from '@domain/hashing';
import { isUuid } from '@domain/ids';
import { mintToken } from '@contract/tokens';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { isoOrNull } from '../common/dates';
import type { CreateUserDto, UpdateUserDto } from './dto/accounts.dto';

/** Access tokens from a login are short-lived: the refresh cookie buys the next one. */
export const ACCESS_TOKEN_SECONDS = 15 * 60;
export const REFRESH_TOKEN_SECONDS = 14 * 86_400;

/** What a login or a refresh hands out: the access token, and the refresh token for the cookie. */
export interface Session {
  accessToken: string;
  expiresAt: string;
  refreshToken: string;
}

/** One answer for every refused login, so that it tells nobody which logins exist. */
const BAD_LOGIN = 'wrong login or password';
const unauthenticated = (message: string) => new ApiError(HttpStatus.UNAUTHORIZED, ApiErrorCode.UNAUTHENTICATED, message);

/** A refresh token: 32 random bytes; only its SHA-256 is stored. */
const newRefreshToken = () => randomBytes(32).toString('base64url');

/**
 * Accounts: logins that hand out the access tokens the API already accepts (HS256, the same
 * claims, `sub` = the login, so the audit log names the person), refresh tokens that rotate, and
 * the management of accounts by the platform's administrators and by each body's secretariat.
 */
@Injectable()
export class AccountsService implements OnApplicationBootstrap {
  private readonly logger = new Logger('accounts');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The first start of a system without accounts creates the administrator `admin` (of the
   * platform's agency) with a random password, printed once: nobody could log in otherwise.
   * Tests make their own accounts.
   */
  async onApplicationBootstrap(): Promise<void> {
    if (this.config.nodeEnv === 'test' || (await countUsers(this.ds)) > 0) return;
    const password = randomBytes(18).toString('base64url');
    const created = await insertFirstUser(this.ds, {
      login: 'admin',
      name: '平台管理员',
      agency: PLATFORM_AGENCY,
      roles: ['admin', 'secretariat'],
      email: null,
      passwordHash: await hashPassword(password),
    });
    if (created) {
      this.logger.warn(`No accounts existed: created the administrator "admin" of ${PLATFORM_AGENCY} with the password ${password} — shown this once; log in and change it.`);
    }
  }

  /**
   * A login. Wrong login, wrong password and an inactive account are the same 401; a login that
   * names nobody is verified against a dummy hash, so it takes as long. Locked accounts are a 429
   * (with the seconds to wait) whatever the password.
   */
  async login(login: string, password: string): Promise<Session> {
    const user = await loginCandidate(this.ds, login.toLowerCase());
    if (user && user.lockedSeconds > 0) throw new LockedOut(user.lockedSeconds);
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!user) throw unauthenticated(BAD_LOGIN);
    if (!ok) {
      await recordFailedLogin(this.ds, user.id);
      throw unauthenticated(BAD_LOGIN);
    }
    if (!user.active) throw unauthenticated(BAD_LOGIN);
    await recordSuccessfulLogin(this.ds, user.id);
    const refreshToken = newRefreshToken();
    await insertRefreshToken(this.ds, user.id, sha256Hex(refreshToken), REFRESH_TOKEN_SECONDS);
    return { ...this.accessToken(user), refreshToken };
  }

  /** A refresh: the presented token is spent and replaced; a spent one presented again ends every session of its account. */
  async refresh(refreshToken: string | undefined): Promise<Session> {
    if (!refreshToken) throw unauthenticated('no refresh token: log in');
    const next = newRefreshToken();
    const r = await rotateRefreshToken(this.ds, sha256Hex(refreshToken), sha256Hex(next), REFRESH_TOKEN_SECONDS);
    if (r.kind === 'reused') throw unauthenticated('this refresh token was used already: every session of the account is ended; log in again');
    if (r.kind === 'invalid') throw unauthenticated('the refresh token is not valid: log in');
    return { ...this.accessToken(r.user), refreshToken: next };
  }

  async logout(refreshToken: string | undefined): Promise<void> {
    if (refreshToken) await revokeRefreshToken(this.ds, sha256Hex(refreshToken));
  }

  /** Who the bearer is; the account when the token was issued by a login (its sub is an active account's login of the same body). */
  async me(who: Principal) {
    const user = await findUserByLogin(this.ds, who.sub);
    const mine = user && user.active && user.agency === who.agency && user.login === who.sub ? user : null;
    return {
      sub: who.sub,
      agency: who.agency,
      roles: who.roles,
      user: mine ? { id: mine.id, login: mine.login, name: mine.name, email: mine.email } : null,
    };
  }

  async list(who: Principal) {
    if (isPlatformAdmin(who)) return (await listUsers(this.ds)).map(view);
    this.keeperOf(who, who.agency);
    return (await listUsers(this.ds, who.agency)).map(view);
  }

  async create(who: Principal, dto: CreateUserDto) {
    if (!(await agencyExists(this.ds, dto.agency))) throw ApiError.validation([{ field: 'agency', message: `no agency ${dto.agency} in the directory` }]);
    this.keeperOf(who, dto.agency);
    this.mayGrant(who, dto.roles);
    const created = await insertUser(this.ds, {
      login: dto.login,
      name: dto.name,
      agency: dto.agency,
      roles: dto.roles,
      email: dto.email ?? null,
      passwordHash: await hashPassword(dto.password),
    });
    if (!created) throw ApiError.conflict(ApiErrorCode.LOGIN_TAKEN, `the login ${dto.login} is taken`, 'login');
    return view(created);
  }

  async update(who: Principal, id: string, dto: UpdateUserDto) {
    const user = isUuid(id) ? await findUser(this.ds, id) : null;
    if (!user) throw ApiError.notFound(`user ${id}`);
    this.keeperOf(who, user.agency);
    // A body's secretariat neither grants administration nor touches an administrator's account
    // (a CAST secretariat resetting the platform administrator's password would become one).
    if (!isPlatformAdmin(who) && user.roles.includes('admin')) throw ApiError.forbidden(`only the platform's administrators change an administrator's account`);
    if (dto.roles) this.mayGrant(who, dto.roles);
    const updated = await updateUser(this.ds, id, {
      name: dto.name ?? undefined,
      email: dto.email,
      roles: dto.roles,
      passwordHash: dto.password === undefined ? undefined : await hashPassword(dto.password),
      active: dto.active,
    });
    if (!updated) throw ApiError.notFound(`user ${id}`);
    return view(updated);
  }

  private accessToken(user: UserRow): Omit<Session, 'refreshToken'> {
    const accessToken = mintToken({ sub: user.login, agency: user.agency, roles: user.roles as Role[], ttlSeconds: ACCESS_TOKEN_SECONDS }, this.config.jwtSecret);
    // The token's own exp (whole seconds), so the client refreshes in time.
    const exp = (JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString()) as { exp: number }).exp;
    return { accessToken, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** The platform's administrators manage every account; a body's secretariat its own body's. */
  private keeperOf(who: Principal, agency: string): void {
    if (isPlatformAdmin(who)) return;
    if (!who.roles.includes('secretariat')) throw ApiError.forbidden(`only a body's secretariat or the platform's administrators manage accounts`);
    if (who.agency !== agency) throw ApiError.forbidden(`${who.agency} cannot manage the accounts of ${agency}`);
  }

  private mayGrant(who: Principal, roles: readonly string[]): void {
    if (roles.includes('admin') && !isPlatformAdmin(who)) throw ApiError.forbidden(`only the platform's administrators grant the role admin`);
  }
}

/** A 429 that knows how long to wait: the controller says so in Retry-After. */
export class LockedOut extends ApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(HttpStatus.TOO_MANY_REQUESTS, ApiErrorCode.LOCKED_OUT, `too many failed logins: the account is locked for ${retryAfterSeconds} more seconds`);
  }
}

/** An account as the API answers it: never its password hash. */
function view(u: UserRow) {
  return {
    id: u.id,
    login: u.login,
    name: u.name,
    agency: u.agency,
    roles: u.roles,
    email: u.email,
    active: u.active,
    createdAt: isoOrNull(u.createdAt),
    updatedAt: isoOrNull(u.updatedAt),
  };
}
