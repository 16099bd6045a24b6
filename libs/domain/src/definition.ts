/**
 * The vocabulary of a campaign definition that rules, DTOs and workflows share: identifier
 * formats (dates are libs/domain/src/iso.ts's), the co-signing modes, size limits. The DTO classes that validate a definition are
 * in libs/contract/src/definition.dto.ts.
 */

/** Agency codes are stable ASCII identifiers: CAST, HA_CAST. */
export const AGENCY_CODE = /^[A-Z][A-Z0-9_]{1,31}$/;
/** Region codes of the directory: CN, HA, HA_ZZ. */
export const REGION_CODE = /^[A-Z][A-Z0-9_]{0,15}$/;
/** Department kinds of the directory: CAST, SOCIETY. */
export const KIND_CODE = /^[A-Z][A-Z0-9_]{0,31}$/;

export const CO_SIGN_MODES = ['parallel', 'sequential'] as const;
export type CoSignMode = (typeof CO_SIGN_MODES)[number];

/** The notice text is bounded: the 2023 national notice is about 12 KB. */
export const MAX_BODY_CHARS = 200_000;

