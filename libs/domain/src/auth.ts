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
