import { HttpStatus } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Principal } from '@domain/auth';
import { isPlatformAdmin, PLATFORM_AGENCY } from '@domain/auth';
import { claimPrefix as recordClaim, prefixOwner } from '@db/doc-numbers/doc-number-prefix.queries';
import { ApiError, ApiErrorCode } from '../common/api-error';

/**
 * A document-number prefix (机关代字, 科协发) belongs to one agency (doc_number_prefixes). Its own
 * lead launches notices under it, its own administrators set its sequences, the platform's
 * administrators may set any. The first agency to use a new prefix (launching under it, or its
 * administrator setting its sequence) claims it; the platform's administrators reassign one that
 * was claimed by mistake. An agency never numbers under another's prefix.
 */

/** 403 unless `agency` may number under the prefix: it owns it, or nobody does yet. */
export async function checkPrefix(m: EntityManager, prefix: string, agency: string, field = 'docNumberPrefix'): Promise<void> {
  const owner = await prefixOwner(m, prefix);
  if (owner !== null && owner !== agency) throw forbidden(prefix, owner, agency, field);
}

/**
 * Records `agency` as the owner of a prefix nobody owns yet, inside the caller's transaction, and
 * 403s if somebody else does (also when another launch claimed it a moment earlier).
 */
export async function claimPrefix(m: EntityManager, prefix: string, agency: string, by: string, field = 'docNumberPrefix'): Promise<void> {
  const owner = await recordClaim(m, { prefix, agency, by });
  if (owner !== agency) throw forbidden(prefix, owner, agency, field);
}

/**
 * 403 unless `who` administers the prefix's sequences: a platform admin always; an agency's admin
 * for its own prefix, or for a free one, which it thereby claims (inside the caller's transaction).
 */
export async function checkSequenceAdmin(m: EntityManager, who: Principal, prefix: string): Promise<void> {
  if (isPlatformAdmin(who)) return;
  const owner = await recordClaim(m, { prefix, agency: who.agency, by: who.sub });
  if (owner !== who.agency) {
    throw ApiError.forbidden(`prefix: ${prefix} belongs to ${owner}; ${who.agency}'s administrators set only their own agency's sequences (the platform's, ${PLATFORM_AGENCY}'s, set any)`);
  }
}

function forbidden(prefix: string, owner: string, agency: string, field: string): ApiError {
  return new ApiError(HttpStatus.FORBIDDEN, ApiErrorCode.FORBIDDEN, `${field}: ${prefix} is the document-number prefix of ${owner}; ${agency} cannot number under it`, [
    { field, message: `belongs to ${owner}` },
  ]);
}
