import { ValidationPipe } from '@nestjs/common';
import { flattenValidationErrors } from '@contract/validation-errors';
import { ApiError } from './api-error';

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => ApiError.validation(flattenValidationErrors(errors)),
  });
}
