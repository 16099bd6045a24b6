/** 发文字号: prefix〔year〕sequence号, e.g. 科协发〔2023〕12号. Unique and gapless per (prefix, year). */
export function formatDocNumber(prefix: string, year: number, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1) throw new RangeError(`sequence must be a positive integer, got ${sequence}`);
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
  return `${prefix}〔${year}〕${sequence}号`;
}

export function parseDocNumber(docNumber: string): { prefix: string; year: number; sequence: number } | null {
  const m = /^(.+)〔(\d{4})〕(\d+)号$/u.exec(docNumber.trim());
  return m ? { prefix: m[1], year: Number(m[2]), sequence: Number(m[3]) } : null;
}
