/**
 * The class-validator decorators of the project's own rules, one per concept: a date-time (and a
 * day), a name or title, a nested object, a number in a query string, a page. The rules are the
 * pure functions of libs/domain (iso.ts, text.ts); these only attach them to DTO properties and say
 * so in the OpenAPI document (`format: date-time`, `x-text: name`), so that a spec can walk the
 * document and try each rule where it applies.
 *
 * The text rule every string obeys (no control characters, no lone surrogates) is not here: the
 * API's validation pipe applies it to every string of every request before these run.
 */
import { applyDecorators } from '@nestjs/common';
import type { ApiPropertyOptions } from '@nestjs/swagger';
import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import type { ValidationArguments, ValidationOptions } from 'class-validator';
import { IsInt, IsObject, ValidateBy, ValidateIf, ValidateNested } from 'class-validator';
import { dayOrIsoProblem, dayProblem, isoProblem } from '@domain/iso';
import { emailProblem, phoneProblem } from '@domain/contact';
import { nameProblem } from '@domain/text';

/** The largest value of a PostgreSQL `integer` column: versions and other counters stored as one. */
export const PG_INT_MAX = 2_147_483_647;

/**
 * A rule as a decorator: `problem` says what is wrong with one value (null: nothing). With
 * `each`, the message names the first bad element.
 */
function rule(name: string, problem: (value: unknown) => string | null, options: ValidationOptions = {}): PropertyDecorator {
  return ValidateBy(
    {
      name,
      validator: {
        validate: (value) => problem(value) === null,
        defaultMessage: (args?: ValidationArguments) => {
          const value: unknown = args?.value;
          if (options.each && Array.isArray(value)) {
            const i = value.findIndex((v) => problem(v) !== null);
            return `${args?.property}.${i} ${problem(value[i]) ?? 'is invalid'}`;
          }
          return `${args?.property} ${problem(value) ?? 'is invalid'}`;
        },
      },
    },
    options,
  );
}

/**
 * Adds to the OpenAPI schema of a property. Written below the property's @ApiProperty (as
 * validators are), it is applied first, and what @ApiProperty says wins where both speak.
 */
const schema = (extra: Record<string, unknown>): PropertyDecorator => ApiProperty(extra as ApiPropertyOptions);

/** An ISO 8601 date-time with an offset, real, in the years 2000–2099 (libs/domain/src/iso.ts). */
export function IsIsoDateTime(options: ValidationOptions = {}): PropertyDecorator {
  return applyDecorators(rule('isIsoDateTime', isoProblem, options), schema({ format: 'date-time' }));
}

/** A day YYYY-MM-DD, real, in the years 2000–2099. */
export function IsDay(options: ValidationOptions = {}): PropertyDecorator {
  return applyDecorators(rule('isDay', dayProblem, options), schema({ format: 'date' }));
}

/** A filter bound: a day (the whole day, Asia/Shanghai) or a date-time. */
export function IsDayOrDateTime(options: ValidationOptions = {}): PropertyDecorator {
  return applyDecorators(rule('isDayOrDateTime', dayOrIsoProblem, options), schema({ format: 'date-time', description: 'a day YYYY-MM-DD (all of it, Asia/Shanghai) or an ISO 8601 date-time with an offset' }));
}

/**
 * A name or a title (of a campaign, an activity, a person, a body, a category): no bidirectional
 * controls, and something visible. Non-strings are left to @IsString.
 */
export function IsName(options: ValidationOptions = {}): PropertyDecorator {
  return applyDecorators(
    rule('isName', (v) => (typeof v === 'string' ? nameProblem(v) : null), options),
    schema({ 'x-text': 'name' }),
  );
}

/** An e-mail address (libs/domain/src/contact.ts: the rule CSV imports apply too). Non-strings are left to @IsString. */
export function IsEmailAddress(options: ValidationOptions = {}): PropertyDecorator {
  return applyDecorators(rule('isEmailAddress', (v) => (typeof v === 'string' ? emailProblem(v) : null), options), schema({ format: 'email' }));
}

/** A telephone number as offices write it (libs/domain/src/contact.ts). Non-strings are left to @IsString. */
export function IsPhoneNumber(options: ValidationOptions = {}): PropertyDecorator {
  return rule('isPhoneNumber', (v) => (typeof v === 'string' ? phoneProblem(v) : null), options);
}

/**
 * A nested object (not an array, not a primitive, not null) validated as `type`. class-validator's
 * @ValidateNested alone lets `undefined`, `[]` and arrays of anything through.
 */
export function Nested(type: () => new () => object, options: { each?: boolean } = {}): PropertyDecorator {
  const message = options.each ? '$property must be a list of objects' : '$property must be an object';
  return applyDecorators(IsObject({ each: options.each, message }), ValidateNested({ each: options.each }), Type(type));
}

/**
 * Optional, but when given not null: for a PATCH, `null` would read as "clear it", which nothing
 * here supports. (class-validator's @IsOptional lets null through as absent.)
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_, value) => value !== undefined);
}

/**
 * An integer from a query string: digits only (`12`). Anything else (`1e3`, `0x10`, `1.5`, ` 12`,
 * `-1`, a repeated parameter) stays as it was and fails @IsInt, where Number() would have guessed.
 */
export function QueryInt(): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }: { value: unknown }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value)),
    IsInt({ message: '$property must be a whole number' }),
  );
}
