/**
 * The vocabulary of a campaign definition that rules, DTOs and workflows share: identifier and
 * date formats, the co-signing modes, size limits. The DTO classes that validate a definition are
 * in libs/contract/src/definition.dto.ts.
 */

/** ISO 8601 date-time with an explicit offset: 2023-08-21T09:00:00+08:00. */
export const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?([+-]\d{2}:\d{2}|Z)$/;
/** Agency codes are stable ASCII identifiers: CAST, HA_CAST. */
export const AGENCY_CODE = /^[A-Z][A-Z0-9_]{1,31}$/;

export const CO_SIGN_MODES = ['parallel', 'sequential'] as const;
export type CoSignMode = (typeof CO_SIGN_MODES)[number];

/** The notice text is bounded: the 2023 national notice is about 12 KB. */
export const MAX_BODY_CHARS = 200_000;

