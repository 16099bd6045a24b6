import type { ExecutionContext } from '@nestjs/common';
import { HttpStatus, Injectable } from '@nestjs/common';
import type { ThrottlerLimitDetail } from '@nestjs/throttler';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiError, ApiErrorCode } from '../common/api-error';

/**
 * Logins per client address (@nestjs/throttler, LOGIN_RATE_LIMIT a minute, every account
 * together): the per-account lockout stops guessing one password, this stops trying a few
 * passwords on many accounts from one place. A 429 in the API's own shape, with Retry-After.
 */
@Injectable()
export class LoginThrottleGuard extends ThrottlerGuard {
  protected override throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const seconds = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new ApiError(
      HttpStatus.TOO_MANY_REQUESTS,
      ApiErrorCode.RATE_LIMITED,
      `too many logins from this address: try again in ${seconds} seconds`,
    );
  }
}
