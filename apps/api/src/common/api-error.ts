import { HttpStatus } from '@nestjs/common';
import type { FieldProblem } from '@domain/field-problem';

/** Error codes of the API. Every 4xx body carries one, a message, and the fields at fault. */
export enum ApiErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  MALFORMED_JSON = 'MALFORMED_JSON',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  WRONG_PHASE = 'WRONG_PHASE',
  STALE_NOTICE = 'STALE_NOTICE',
  CONFLICTING_DECISION = 'CONFLICTING_DECISION',
  NOT_YOUR_TURN = 'NOT_YOUR_TURN',
  SAME_TEXT = 'SAME_TEXT',
  SEQUENCE_CONFLICT = 'SEQUENCE_CONFLICT',
  UNAVAILABLE = 'UNAVAILABLE',
  ALREADY_RELAYED = 'ALREADY_RELAYED',
  ALREADY_PUBLISHED = 'ALREADY_PUBLISHED',
  NOT_ACKNOWLEDGEABLE = 'NOT_ACKNOWLEDGEABLE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  NOTHING_COMMENDED = 'NOTHING_COMMENDED',
  NOT_A_RELAY = 'NOT_A_RELAY',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  COMMAND_FAILED = 'COMMAND_FAILED',
  ENDPOINT_DISABLED = 'ENDPOINT_DISABLED',
  DELIVERY_PENDING = 'DELIVERY_PENDING',
  LOGIN_TAKEN = 'LOGIN_TAKEN',
  LOCKED_OUT = 'LOCKED_OUT',
  RATE_LIMITED = 'RATE_LIMITED',
  // co-signing changed in flight (issue 12)
  ALREADY_A_CO_SIGNER = 'ALREADY_A_CO_SIGNER',
  LAST_CO_SIGNER = 'LAST_CO_SIGNER',
  ALREADY_DECIDED = 'ALREADY_DECIDED',
  URGED_TODAY = 'URGED_TODAY',
  COMMENT_RESOLVED = 'COMMENT_RESOLVED',
  INTERNAL_STEPS_REQUIRED = 'INTERNAL_STEPS_REQUIRED',
  WRONG_STEP = 'WRONG_STEP',
}

export class ApiError extends Error {
  constructor(
    readonly status: HttpStatus,
    readonly code: ApiErrorCode,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }

  static validation(fields: FieldProblem[]): ApiError {
    return new ApiError(
      HttpStatus.BAD_REQUEST,
      ApiErrorCode.VALIDATION_FAILED,
      fields.map((f) => `${f.field}: ${f.message}`).join('; '),
      fields,
    );
  }

  static notFound(what: string): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, ApiErrorCode.NOT_FOUND, `${what} not found`);
  }

  static forbidden(message: string): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, ApiErrorCode.FORBIDDEN, message);
  }

  static conflict(code: ApiErrorCode, message: string, field?: string): ApiError {
    return new ApiError(HttpStatus.CONFLICT, code, message, field ? [{ field, message }] : []);
  }
}
