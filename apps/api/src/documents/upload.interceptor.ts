import type { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { HttpStatus, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import type { Observable } from 'rxjs';
import { ApiError, ApiErrorCode } from '../common/api-error';
import { VERIFY_UPLOAD_LIMIT } from './verification.service';

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: VERIFY_UPLOAD_LIMIT, files: 1, fields: 4, parts: 5, fieldSize: 1024 } }).single('file');

/**
 * Reads a multipart/form-data body's one `file` into memory (JSON bodies pass untouched): a file
 * over the limit is a 413, any other file field, too many parts or a broken body a 400 naming it.
 */
@Injectable()
export class UploadInterceptor implements NestInterceptor {
  async intercept(ctx: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (req.headers['content-type']?.toLowerCase().startsWith('multipart/form-data')) {
      await new Promise<void>((resolve, reject) => upload(req, ctx.switchToHttp().getResponse<Response>(), (err) => (err ? reject(uploadError(err)) : resolve())));
    }
    return next.handle();
  }
}

function uploadError(err: unknown): ApiError {
  const e = err as { code?: string; field?: string; message?: string };
  if (e.code === 'LIMIT_FILE_SIZE') {
    return new ApiError(HttpStatus.PAYLOAD_TOO_LARGE, ApiErrorCode.PAYLOAD_TOO_LARGE, `file: larger than ${VERIFY_UPLOAD_LIMIT / 1024 / 1024} MB`, [{ field: 'file', message: `larger than ${VERIFY_UPLOAD_LIMIT / 1024 / 1024} MB` }]);
  }
  const field = e.code === 'LIMIT_UNEXPECTED_FILE' || e.code === 'LIMIT_FILE_COUNT' ? (e.field ?? 'file') : 'body';
  const message = e.code === 'LIMIT_UNEXPECTED_FILE' ? 'unknown field: send the PDF as the one field named file' : (e.message ?? 'not a readable multipart/form-data body');
  return ApiError.validation([{ field, message }]);
}
