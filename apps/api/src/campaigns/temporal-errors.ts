import { HttpStatus } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { CoSignErrorCode } from '@domain/co-sign';
import { COMMAND_FAILED } from '@temporal/messages';
import { ApiError, ApiErrorCode } from '../common/api-error';

/** The field a rule violation is about, so the 4xx names it. */
const FIELD: Partial<Record<CoSignErrorCode, string>> = {
  STALE_NOTICE: 'noticeSha256',
  REASON_REQUIRED: 'comment',
  SAME_TEXT: 'body',
  NOT_A_CO_SIGNER: 'agency',
};

/** Maps what the workflow refused (typed ApplicationFailures) onto HTTP. Anything else is rethrown. */
export function toApiError(err: unknown): unknown {
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    if (err.cause.type === 'INVALID_MILESTONES') {
      const problems = (err.cause.details?.[0] ?? []) as { field: string; message: string }[];
      return ApiError.validation(problems.length ? problems : [{ field: 'milestones', message: err.cause.message }]);
    }
    if (err.cause.type === 'ALREADY_PUBLISHED') return ApiError.conflict(ApiErrorCode.ALREADY_PUBLISHED, err.cause.message);
    // Well-formed, but the workflow could not carry it out (PostgreSQL refused what it would write): nothing changed.
    if (err.cause.type === COMMAND_FAILED) return new ApiError(HttpStatus.UNPROCESSABLE_ENTITY, ApiErrorCode.COMMAND_FAILED, err.cause.message);
    const code = err.cause.type as CoSignErrorCode;
    const field = FIELD[code];
    const fields = field ? [{ field, message: err.cause.message }] : [];
    switch (code) {
      case 'NOT_A_CO_SIGNER':
        return new ApiError(HttpStatus.FORBIDDEN, ApiErrorCode.FORBIDDEN, err.cause.message, fields);
      case 'REASON_REQUIRED':
        return new ApiError(HttpStatus.BAD_REQUEST, ApiErrorCode.VALIDATION_FAILED, err.cause.message, fields);
      case 'STALE_NOTICE':
      case 'WRONG_PHASE':
      case 'CONFLICTING_DECISION':
      case 'NOT_YOUR_TURN':
      case 'SAME_TEXT':
        return new ApiError(HttpStatus.CONFLICT, ApiErrorCode[code], err.cause.message, fields);
    }
  }
  // The workflow has completed (withdrawn or closed): nothing can change any more.
  if (err instanceof WorkflowNotFoundError || /workflow execution already completed/i.test(String((err as Error)?.message))) {
    return ApiError.conflict(ApiErrorCode.WRONG_PHASE, 'the campaign’s process is over (withdrawn or closed); nothing can change any more');
  }
  return err;
}
