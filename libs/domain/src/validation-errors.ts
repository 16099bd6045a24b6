import type { ValidationError } from 'class-validator';

export interface FieldError {
  field: string;
  message: string;
}

/** Flattens class-validator's tree into `coSigners.3: …` style field errors (API and CLI alike). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({
      field,
      // "property X should not exist" is how whitelisting names an unknown field.
      message: message.replace(/^property (\S+) should not exist$/, 'unknown field'),
    }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}
