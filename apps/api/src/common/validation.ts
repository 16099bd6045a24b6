import type { ArgumentMetadata } from '@nestjs/common';
import { ValidationPipe } from '@nestjs/common';
import { EmptyBodyDto } from '@contract/empty-body.dto';
import { flattenValidationErrors } from '@contract/validation-errors';
import { findTextProblems } from '@domain/text';
import { ApiError } from './api-error';

const PRIMITIVES: unknown[] = [String, Number, Boolean, Array, Object];

/**
 * The one validation pipe of the API, for every @Body, @Query and @Param:
 * 1. every string and key of the value is text (libs/domain/src/text.ts: no control characters
 *    but tab and line feed, no lone surrogates), named like any other field (`comment`,
 *    `rows.3.title`, `from`, `prefix`); raw text bodies (CSV) are checked by their import, cell by
 *    cell, with row and column in the field name;
 * 2. a DTO body is a JSON object (or nothing): `[]`, `null` or `"x"` are refused; an endpoint that
 *    takes no body (EmptyBodyDto) refuses every field it is given;
 * 3. class-validator checks the DTO, whitelisted: unknown fields are refused, by name. One message
 *    per field.
 */
export class EdgeValidationPipe extends ValidationPipe {
  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      exceptionFactory: (errors) => ApiError.validation(flattenValidationErrors(errors)),
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'custom') return value;
    if (!(metadata.type === 'body' && typeof value === 'string')) {
      const problems = findTextProblems(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (problems.length) throw ApiError.validation(problems);
    }
    const dto = metadata.metatype && !PRIMITIVES.includes(metadata.metatype) ? (metadata.metatype as new () => object) : null;
    if (metadata.type === 'body' && dto) {
      if (value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
        throw ApiError.validation([{ field: 'body', message: 'must be a JSON object' }]);
      }
      if (dto.prototype instanceof EmptyBodyDto || dto === EmptyBodyDto) {
        const fields = Object.keys(value ?? {});
        if (fields.length) throw ApiError.validation(fields.map((field) => ({ field, message: 'unknown field: this endpoint takes no body (send none, or {})' })));
        return new dto();
      }
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new EdgeValidationPipe();
}
