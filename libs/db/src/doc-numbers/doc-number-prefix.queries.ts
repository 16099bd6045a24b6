import type { Db } from '../sql';
import { DocNumberPrefixEntity } from './doc-number-prefix.entity';

/**
 * Which agency a document-number prefix (机关代字, 科协发) belongs to. Whether an agency may number
 * under a prefix is the API's rule (apps/api/src/doc-numbers/prefixes.ts); here is where ownership
 * is stored.
 */

export async function prefixOwner(db: Db, prefix: string): Promise<string | null> {
  return (await db.getRepository(DocNumberPrefixEntity).findOneBy({ prefix }))?.agency ?? null;
}

/**
 * Records `agency` as the owner of a prefix nobody owns yet and answers the prefix's owner
 * afterwards: `agency`, or whoever owned it already (also an agency whose concurrent claim
 * committed first: the insert waits for it). Inside the caller's transaction, the claim commits or
 * rolls back with what it was made for.
 */
export async function claimPrefix(db: Db, claim: { prefix: string; agency: string; by: string }): Promise<string> {
  await db
    .createQueryBuilder()
    .insert()
    .into(DocNumberPrefixEntity)
    .values({ prefix: claim.prefix, agency: claim.agency, claimedBy: claim.by })
    .orIgnore()
    .execute();
  return (await prefixOwner(db, claim.prefix))!;
}

/** Gives the prefix to `agency` whoever had it (the platform's administrators correcting a claim). */
export async function assignPrefix(db: Db, a: { prefix: string; agency: string; by: string }): Promise<void> {
  await db.query(
    `INSERT INTO doc_number_prefixes (prefix, agency, claimed_by) VALUES ($1, $2, $3)
     ON CONFLICT (prefix) DO UPDATE SET agency = EXCLUDED.agency, claimed_by = EXCLUDED.claimed_by, claimed_at = now()`,
    [a.prefix, a.agency, a.by],
  );
}

/** Every prefix with its owner, by agency and prefix. */
export function docNumberPrefixes(db: Db): Promise<DocNumberPrefixEntity[]> {
  return db.getRepository(DocNumberPrefixEntity).find({ order: { agency: 'ASC', prefix: 'ASC' } });
}
