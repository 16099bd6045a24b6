import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { applyDecorators, HttpStatus, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiConsumes } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { Request } from 'express';
import type { Observable } from 'rxjs';
import { ApiError, ApiErrorCode } from './api-error';

const CONSUMES = 'edge:consumes';
const JSON_ONLY = ['application/json'];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The media types an endpoint takes (default: application/json), for the API and its OpenAPI document alike. */
export const Consumes = (...types: string[]) => applyDecorators(ApiConsumes(...types), SetMetadata(CONSUMES, types));

/**
 * 415 for a request whose Content-Type the endpoint does not take, or that carries a body without
 * saying what it is. A body the JSON parser was not told to read would otherwise be dropped in
 * silence and the request served as if it had none (`POST …/receipts` with text/plain).
 * A request without a body and without a Content-Type is fine: that is how bodyless POSTs arrive.
 */
@Injectable()
export class MediaTypeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (BODY_METHODS.has(req.method)) {
      const accepted = this.reflector.get<string[] | undefined>(CONSUMES, ctx.getHandler()) ?? JSON_ONLY;
      const header = req.headers['content-type'];
      const length = req.headers['content-length'];
      const hasBody = req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
      const type = header?.split(';')[0].trim().toLowerCase();
      if ((type !== undefined && !accepted.includes(type)) || (type === undefined && hasBody)) {
        const what = header === undefined ? 'a body without a Content-Type' : `Content-Type ${header}`;
        throw new ApiError(HttpStatus.UNSUPPORTED_MEDIA_TYPE, ApiErrorCode.UNSUPPORTED_MEDIA_TYPE, `${what} is not accepted here; send ${accepted.join(' or ')}`, [
          { field: 'content-type', message: accepted.join(' or ') },
        ]);
      }
    }
    return next.handle();
  }
}

/**
 * The OpenAPI schema of a CSV body: a string, with its columns in `x-csv-columns` so that readers
 * (and the bad-input spec, which walks the document) know what each line holds.
 */
export function csvSchema(columns: readonly string[], description: string): SchemaObject {
  return { type: 'string', description, 'x-csv-columns': [...columns] } as SchemaObject;
}
