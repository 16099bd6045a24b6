/**
 * The people of a body (contacts): the roles they act in for it, the languages messages are
 * written in, the channels they may want. Pure: the API validates with it, the dispatcher
 * addresses with it.
 */
export const CONTACT_ROLES = ['secretariat', 'signer', 'recipient', 'reporting-unit'] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** Channels a person may ask for. The inbox needs no wish: everyone has it. */
export const CONTACT_CHANNELS = ['email'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/**
 * Which contacts a message addressed to a body in a role goes to: the contacts holding the role;
 * an event's organizer is the body's recipient desk. A body without a contact in the role is
 * reached through its secretariat's contacts (the office that answers for it), else not at all.
 */
export const CONTACT_ROLE_FOR: Record<'signer' | 'secretariat' | 'recipient' | 'organizer' | 'reporting-unit', ContactRole> = {
  signer: 'signer',
  secretariat: 'secretariat',
  recipient: 'recipient',
  organizer: 'recipient',
  'reporting-unit': 'reporting-unit',
};
