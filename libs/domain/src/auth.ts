/** Who may do what. An agency's people act only for that agency. */
export const ROLES = ['secretariat', 'signer', 'recipient', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** The person (or system) acting: recorded in the audit log. */
  sub: string;
  /** The agency they act for. */
  agency: string;
  roles: Role[];
}

/**
 * The agency that runs the platform: 中国科协 runs the national science-popularization platform
 * this system serves. Its administrators administer the platform as a whole (the directory, every
 * document-number prefix and sequence, reading every campaign); any other agency's `admin`
 * administers that agency only (its own prefixes' sequences).
 */
export const PLATFORM_AGENCY = 'CAST';

/** An administrator of the platform: the `admin` role held by a token of the platform's agency. */
export function isPlatformAdmin(who: Principal): boolean {
  return who.agency === PLATFORM_AGENCY && who.roles.includes('admin');
}
