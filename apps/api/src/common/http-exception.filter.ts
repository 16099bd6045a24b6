import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { ApiError, ApiErrorCode } from './api-error';

type Described = { status: number; code: string; message: string; fields: unknown[] };

const malformedJson = (detail: string): Described => ({
  status: 400,
  code: ApiErrorCode.MALFORMED_JSON,
  message: `malformed JSON body: ${detail}`,
  fields: [{ field: 'body', message: 'not valid JSON' }],
});

const tooLarge = (): Described => ({
  status: HttpStatus.PAYLOAD_TOO_LARGE,
  code: ApiErrorCode.PAYLOAD_TOO_LARGE,
  message: 'request body is larger than the limit',
  fields: [{ field: 'body', message: 'too large' }],
});

const tooDeep = (message: string): Described => ({
  status: 400,
  code: ApiErrorCode.VALIDATION_FAILED,
  message: `body: ${message}`,
  fields: [{ field: 'body', message }],
});

/**
 * A 4xx that express or body-parser raised before any controller (http-errors with a `status`):
 * an unsupported charset or content encoding, an aborted or mis-sized body, a path that does not
 * decode. Answered with its own status, never as a 500.
 */
function fromHttpError(raw: { status?: unknown; statusCode?: unknown; message?: string; type?: string }): Described | null {
  const status = typeof raw.status === 'number' ? raw.status : typeof raw.statusCode === 'number' ? raw.statusCode : null;
  if (status === null || status < 400 || status > 499) return null;
  if (status === HttpStatus.UNSUPPORTED_MEDIA_TYPE) {
    return { status, code: ApiErrorCode.UNSUPPORTED_MEDIA_TYPE, message: String(raw.message), fields: [{ field: 'content-type', message: String(raw.message) }] };
  }
  const code = status === 400 ? ApiErrorCode.VALIDATION_FAILED : (HttpStatus[status] ?? 'ERROR');
  // body-parser's errors (typed: entity.*, request.*, encoding.*) are about the body.
  return { status, code, message: String(raw.message ?? code), fields: status === 400 ? [{ field: raw.type ? 'body' : 'request', message: String(raw.message) }] : [] };
}

/** One error shape for every failure: { statusCode, error, message, fields }. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { status, code, message, fields } = this.describe(exception);
    if (status >= 500) this.logger.error(exception instanceof Error ? exception.stack : String(exception));
    res.status(status).json({ statusCode: status, error: code, message, fields });
  }

  private describe(e: unknown): Described {
    if (e instanceof ApiError) return { status: e.status, code: e.code, message: e.message, fields: e.fields };
    // body-parser errors arrive before any controller, raw or wrapped by Nest in an HttpException.
    const raw = e as { type?: string; message?: string; status?: unknown; statusCode?: unknown };
    if (raw?.type === 'entity.parse.failed') return malformedJson(String(raw.message));
    if (raw?.type === 'entity.too.large') return tooLarge();
    if (raw?.type === 'entity.too.deep') return tooDeep(String(raw.message));
    if (e instanceof HttpException) {
      const status = e.getStatus();
      const cause = (e as HttpException & { cause?: { type?: string; message?: string } }).cause;
      if (cause?.type === 'entity.too.deep') return tooDeep(String(cause.message));
      if (cause?.type === 'entity.parse.failed' || (status === 400 && /JSON/.test(e.message))) return malformedJson(e.message);
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) return tooLarge();
      const body = e.getResponse() as { message?: string | string[] } | string;
      const message = typeof body === 'string' ? body : Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? e.message);
      // express could not percent-decode a path segment (%E0%A4%A, a lone surrogate's %ED%A0%80).
      if (status === 400 && /^Failed to decode param/.test(message)) {
        return { status, code: ApiErrorCode.VALIDATION_FAILED, message: `path: ${message}`, fields: [{ field: 'path', message: 'a path segment is not percent-encoded UTF-8' }] };
      }
      return { status, code: HttpStatus[status] ?? 'ERROR', message, fields: status === 400 ? [{ field: 'request', message }] : [] };
    }
    return fromHttpError(raw ?? {}) ?? { status: 500, code: 'INTERNAL', message: 'internal error', fields: [] };
  }
}
