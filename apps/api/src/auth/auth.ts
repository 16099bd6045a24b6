import {
  CanActivate,
  createParamDecorator,
  ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  SetMetadata,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { APP_CONFIG, AppConfig } from '@config/config';
import { isPlatformAdmin, PLATFORM_AGENCY, Principal, Role } from '@domain/auth';
import { verifyToken } from '@contract/tokens';
import { ApiError, ApiErrorCode } from '../common/api-error';

const PUBLIC = 'auth:public';
const ROLES_KEY = 'auth:roles';
const PLATFORM_KEY = 'auth:platform';

/** No token needed (health, OpenAPI). */
export const Public = () => SetMetadata(PUBLIC, true);
/** The caller needs at least one of these roles. Which agency may act is checked by the service. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** Platform administration: only an `admin` of the platform's agency (libs/domain/src/auth.ts). */
export const PlatformAdmin = () => SetMetadata(PLATFORM_KEY, true);

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest<Request & { principal: Principal }>().principal;
});

/** Global guard: Bearer JWT (HS256) → 401 if missing or bad; role not held → 403. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  canActivate(ctx: ExecutionContext): boolean {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new ApiError(HttpStatus.UNAUTHORIZED, ApiErrorCode.UNAUTHENTICATED, 'Authorization: Bearer <token> is required');
    try {
      req.principal = verifyToken(match[1], this.config.jwtSecret);
    } catch (err) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, ApiErrorCode.UNAUTHENTICATED, `invalid token: ${(err as Error).message}`);
    }
    const needed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (needed?.length && !needed.some((r) => req.principal!.roles.includes(r))) {
      throw ApiError.forbidden(`this needs the role ${needed.join(' or ')}`);
    }
    if (this.reflector.getAllAndOverride<boolean>(PLATFORM_KEY, targets) && !isPlatformAdmin(req.principal)) {
      throw ApiError.forbidden(`this is platform administration: only an admin of ${PLATFORM_AGENCY}, the platform's agency, may do it`);
    }
    return true;
  }
}
