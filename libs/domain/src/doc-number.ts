/** 发文字号: prefix〔year〕sequence号, e.g. 科协发〔2023〕12号. Unique and gapless per (prefix, year). */
export function formatDocNumber(prefix: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence must be a positive integer, got ${sequence}`);
  const { before, after } = docNumberAround(prefix, year);
  return `${before}${sequence}${after}`;
}

/** What a number of (prefix, year) has before and after its sequence: where SQL that counts puts it. */
export function docNumberAround(prefix: string, year: number): { before: string; after: string } {
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
  return { before: `${prefix}〔${year}〕`, after: '号' };
}

export function parseDocNumber(docNumber: string): { prefix: string; year: number; sequence: number } | null {
  const m = /^(.+)〔(\d{4})〕(\d+)号$/u.exec(docNumber.trim());
  return m ? { prefix: m[1], year: Number(m[2]), sequence: Number(m[3]) } : null;
}

/** A prefix (机关代字, e.g. 科协发): no spaces, no brackets (〔〕 enclose the year), at most 20 characters. */
export const DOC_NUMBER_PREFIX = /^[^\s〔〕[\]]+$/u;
export const DOC_PREFIX_MAX = 20;
/**
 * The largest number a sequence may be set to. Storage holds 2,147,483,647 (int); no agency issues
 * a million notices under one prefix in a year, and the headroom keeps every later number storable.
 */
export const DOC_NUMBER_MAX = 999_999;
