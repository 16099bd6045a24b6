import type { ValidationError } from 'class-validator';
import type { FieldProblem } from '@domain/field-problem';

/**
 * Which of a field's failed constraints says the most: the shape (unknown, missing, wrong type)
 * before the details (length, range, pattern). Any other constraint: the one declared first.
 */
const FIRST = ['whitelistValidation', 'isDefined', 'isObject', 'nestedValidation', 'isString', 'isInt', 'isNumber', 'isBoolean', 'isArray', 'isIn', 'isEnum'];

/** One clear message per field: a missing field is "required", whatever its other rules say. */
function oneMessage(e: ValidationError): string | null {
  const constraints = e.constraints ?? {};
  const keys = Object.keys(constraints);
  if (!keys.length) return null;
  // "property X should not exist" is how whitelisting names an unknown field.
  if ('whitelistValidation' in constraints) return 'unknown field';
  if (e.value === undefined) return `${e.property} is required`;
  if (e.value === null) return `${e.property} must not be null`;
  // Decorators register bottom-up, so the last key is the one written first.
  return constraints[FIRST.find((k) => k in constraints) ?? keys[keys.length - 1]];
}

/** Flattens class-validator's tree into `coSigners.3: …` style field errors (API and CLI alike). */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((e) => {
    const field = parent ? `${parent}.${e.property}` : e.property;
    const message = oneMessage(e);
    return [...(message ? [{ field, message }] : []), ...flattenValidationErrors(e.children ?? [], field)];
  });
}
