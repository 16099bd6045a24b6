import { docNumberAround } from '@domain/doc-number';
import { shanghaiYear } from '@domain/time';
import type { Db } from '../sql';
import { atomically, row, rows } from '../sql';
import type { DocNumberSequenceEntity } from './doc-number-sequence.entity';

/** 发文字号: the (prefix, year) counters and the numbers given to campaigns. */

export interface IssuedNumber {
  docNumber: string;
  sequence: number;
  issuedAt: Date;
  /** The campaign had its number already (a retry): nothing was counted. */
  repeated: boolean;
}

/**
 * Gives the campaign the next number of (prefix, year), in one statement: the campaign row is
 * locked, the counter row locked by its upsert, and the number stored with the campaign, so numbers
 * are unique and gapless under concurrency; a campaign that has its number (a retry) answers it
 * and counts nothing. The year counted in is the issue instant's year in Asia/Shanghai. One
 * statement rather than a transaction of four: a sign-off's answer waits for it (issue 12).
 */
export async function issueDocNumber(db: Db, input: { campaignId: string; prefix: string; at: string }): Promise<IssuedNumber> {
  const { campaignId, prefix, at } = input;
  const year = shanghaiYear(at);
  const { before, after } = docNumberAround(prefix, year);
  const issued = await row<IssuedNumber>(
    db,
    `WITH c AS (
       SELECT doc_number, doc_sequence, issued_at FROM campaigns WHERE id = $1 FOR UPDATE
     ), counted AS (
       INSERT INTO doc_number_sequences (prefix, year, last_number)
       SELECT $2, $3, 1 FROM c WHERE c.doc_number IS NULL
       ON CONFLICT (prefix, year) DO UPDATE SET last_number = doc_number_sequences.last_number + 1, updated_at = now()
       RETURNING last_number
     ), numbered AS (
       UPDATE campaigns SET doc_number = $4::text || counted.last_number || $5::text, doc_prefix = $2, doc_year = $3, doc_sequence = counted.last_number, issued_at = $6
       FROM counted WHERE campaigns.id = $1
       RETURNING doc_number, doc_sequence, issued_at
     )
     SELECT doc_number AS "docNumber", doc_sequence AS "sequence", issued_at AS "issuedAt", false AS repeated FROM numbered
     UNION ALL
     SELECT doc_number, doc_sequence, issued_at, true FROM c WHERE c.doc_number IS NOT NULL`,
    [campaignId, prefix, year, before, after, at],
  );
  if (!issued) throw new Error(`campaign ${campaignId} not found`);
  return issued;
}

/**
 * Where a (prefix, year) sequence stands, set by an administrator: the next number to give. It may
 * not go back to a number already issued: then nothing changes and `highestIssued` says why.
 */
export function setNextDocNumber(
  db: Db,
  input: { prefix: string; year: number; nextNumber: number },
): Promise<{ applied: true; lastNumber: number } | { applied: false; highestIssued: number }> {
  const { prefix, year, nextNumber } = input;
  return atomically(db, async (m) => {
    await m.query(`INSERT INTO doc_number_sequences (prefix, year, last_number) VALUES ($1, $2, 0) ON CONFLICT (prefix, year) DO NOTHING`, [prefix, year]);
    await m.query('SELECT last_number FROM doc_number_sequences WHERE prefix = $1 AND year = $2 FOR UPDATE', [prefix, year]);
    const issued = await row<{ max: number }>(m, 'SELECT COALESCE(MAX(doc_sequence), 0)::int AS max FROM campaigns WHERE doc_prefix = $1 AND doc_year = $2', [
      prefix,
      year,
    ]);
    if (nextNumber <= issued!.max) return { applied: false as const, highestIssued: issued!.max };
    await m.query('UPDATE doc_number_sequences SET last_number = $3, updated_at = now() WHERE prefix = $1 AND year = $2', [prefix, year, nextNumber - 1]);
    return { applied: true as const, lastNumber: nextNumber - 1 };
  });
}

/** A (prefix, year) counter with the agency the prefix belongs to (null: nobody claimed it yet). */
export type DocNumberSequenceRow = Pick<DocNumberSequenceEntity, 'prefix' | 'year' | 'lastNumber'> & { agency: string | null };

/** Every (prefix, year) counter, by prefix and year, with the prefix's owner. */
export function docNumberSequences(db: Db): Promise<DocNumberSequenceRow[]> {
  return rows(
    db,
    `SELECT s.prefix, s.year, s.last_number AS "lastNumber", p.agency
       FROM doc_number_sequences s LEFT JOIN doc_number_prefixes p ON p.prefix = s.prefix
      ORDER BY s.prefix, s.year`,
  );
}
