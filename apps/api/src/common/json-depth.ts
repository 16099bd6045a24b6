import { HttpStatus } from '@nestjs/common';

/**
 * The deepest JSON a request may nest. A definition nests four levels (contacts.0.people.0); the
 * limit leaves room and keeps class-transformer and class-validator, which recurse, far from the
 * stack's end.
 */
export const MAX_JSON_DEPTH = 32;

/** body-parser's error for a body nested too deeply (answered as a 400 naming `body`). */
export class JsonTooDeepError extends Error {
  readonly status = HttpStatus.BAD_REQUEST;
  readonly type = 'entity.too.deep';
  constructor(readonly limit: number) {
    super(`JSON nested deeper than ${limit} levels`);
  }
}

/**
 * A body-parser `verify` hook: counts the nesting of the raw JSON bytes before anything parses
 * it, in one pass and without recursion (brackets inside strings do not count). UTF-8 bytes of
 * other characters are all ≥ 0x80, so they are never mistaken for quotes or brackets.
 */
export function refuseDeepJson(limit = MAX_JSON_DEPTH) {
  return (_req: unknown, _res: unknown, buf: Buffer): void => {
    let depth = 0;
    let inString = false;
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i];
      if (inString) {
        if (c === 0x5c /* \ */) i++;
        else if (c === 0x22 /* " */) inString = false;
      } else if (c === 0x22) inString = true;
      else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        if (++depth > limit) throw new JsonTooDeepError(limit);
      } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
    }
  };
}
