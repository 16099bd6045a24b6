import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '@config/config';
import type { Principal } from '@domain/auth';
import { CurrentPrincipal, Public } from '../auth/auth';
import { ApiError } from '../common/api-error';
import { AccountsService, LockedOut, REFRESH_TOKEN_SECONDS, Session } from './accounts.service';
import { LoginDto, LogoutDto, RefreshDto } from './dto/accounts.dto';
import { LoginThrottleGuard } from './login-throttle';

/** The refresh token's cookie: httpOnly, sent only to the auth paths. */
export const REFRESH_COOKIE = 'refresh_token';
export const REFRESH_COOKIE_PATH = '/api/v1/auth';
/** Double-submit CSRF protection: the console reads this cookie and echoes it in X-XSRF-TOKEN. */
export const XSRF_COOKIE = 'XSRF-TOKEN';
export const XSRF_HEADER = 'x-xsrf-token';

/**
 * Login, refresh and logout of the console's people. The access token is the bearer token every
 * other endpoint takes; the refresh token lives in an httpOnly cookie the page's script cannot
 * read, and the cookie-authenticated writes (refresh, logout) need the XSRF header too.
 */
@ApiTags('accounts')
@Controller('api/v1')
export class AuthController {
  constructor(
    private readonly accounts: AccountsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('auth/login')
  @Public()
  @UseGuards(LoginThrottleGuard)
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in: a short-lived access token, a refresh token in an httpOnly cookie and the XSRF-TOKEN cookie; 401 on a wrong login or password, 429 while locked out or when one address tries too often (LOGIN_RATE_LIMIT a minute)' })
  async login(@Body() dto: LoginDto, @Res({ passthrough: true }) res: Response) {
    let session: Session;
    try {
      session = await this.accounts.login(dto.login, dto.password);
    } catch (err) {
      if (err instanceof LockedOut) res.setHeader('Retry-After', String(err.retryAfterSeconds));
      throw err;
    }
    res.cookie(XSRF_COOKIE, randomBytes(32).toString('base64url'), { ...this.cookieOptions('/'), httpOnly: false });
    return this.answer(session, res);
  }

  @Post('auth/refresh')
  @Public()
  @HttpCode(200)
  @ApiCookieAuth()
  @ApiHeader({ name: 'X-XSRF-TOKEN', description: 'the XSRF-TOKEN cookie’s value', required: true })
  @ApiOperation({ summary: 'A new access token for the refresh cookie, which is replaced (a spent one presented again ends every session of the account)' })
  async refresh(@Body() _: RefreshDto, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    checkXsrf(req);
    return this.answer(await this.accounts.refresh(refreshCookie(req)), res);
  }

  @Post('auth/logout')
  @Public()
  @HttpCode(204)
  @ApiCookieAuth()
  @ApiHeader({ name: 'X-XSRF-TOKEN', description: 'the XSRF-TOKEN cookie’s value', required: true })
  @ApiOperation({ summary: 'Log out: the refresh token is revoked and the cookies cleared' })
  async logout(@Body() _: LogoutDto, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    checkXsrf(req);
    await this.accounts.logout(refreshCookie(req));
    res.clearCookie(REFRESH_COOKIE, this.cookieOptions(REFRESH_COOKIE_PATH));
    res.clearCookie(XSRF_COOKIE, { ...this.cookieOptions('/'), httpOnly: false });
  }

  @Get('me')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Who the bearer token is: its subject, body and roles, and the account when it was issued by a login' })
  me(@CurrentPrincipal() who: Principal) {
    return this.accounts.me(who);
  }

  private answer(session: Session, res: Response) {
    res.cookie(REFRESH_COOKIE, session.refreshToken, { ...this.cookieOptions(REFRESH_COOKIE_PATH), maxAge: REFRESH_TOKEN_SECONDS * 1000 });
    res.setHeader('Cache-Control', 'no-store');
    return { accessToken: session.accessToken, expiresAt: session.expiresAt };
  }

  /** Secure wherever the system is served over HTTPS; SameSite=Strict always. */
  private cookieOptions(path: string): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', secure: this.config.publicUrl.startsWith('https:'), path };
  }
}

function refreshCookie(req: Request): string | undefined {
  const v = (req.cookies as Record<string, unknown> | undefined)?.[REFRESH_COOKIE];
  return typeof v === 'string' && v ? v : undefined;
}

/** The X-XSRF-TOKEN header must repeat the XSRF-TOKEN cookie: another site's form can send the cookie, never the header. */
function checkXsrf(req: Request): void {
  const cookie = (req.cookies as Record<string, unknown> | undefined)?.[XSRF_COOKIE];
  const header = req.headers[XSRF_HEADER];
  const a = Buffer.from(typeof cookie === 'string' ? cookie : '');
  const b = Buffer.from(typeof header === 'string' ? header : '');
  if (!a.length || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw ApiError.forbidden(`the ${XSRF_HEADER.toUpperCase()} header must repeat the ${XSRF_COOKIE} cookie`);
  }
}
