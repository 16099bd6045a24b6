import type { ValidationError } from 'class-validator';
import type { FieldProblem } from '@domain/field-problem';


/** Flattens class-validator's tree into `coSigners.3: …` style field errors (API and CLI alike). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
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
