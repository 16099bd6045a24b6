/**
 * The rules of an account (issue 10), shared by the API's DTOs and the CLI's `user add`: a login
 * is what a person types, so it is short, lower-case ASCII; a password is long rather than
 * complicated.
 */
export const LOGIN = /^[a-z0-9._-]{3,64}$/;
export const LOGIN_RULE = 'must be 3 to 64 characters of a-z, 0-9, dot, underscore or hyphen';
export const PASSWORD_MIN = 12;
/** argon2 hashes whatever it is given: a bound keeps a login request from costing much more than another. */
export const PASSWORD_MAX = 256;
export const USER_NAME_MAX = 100;

/** Lockout: this many consecutive failed logins lock the account for LOCKOUT_SECONDS. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_SECONDS = 15 * 60;

/** What is wrong with a login (null: nothing). Logins are stored and compared in lower case. */
export function loginProblem(login: string): string | null {
  return LOGIN.test(login) ? null : LOGIN_RULE;
}

export function passwordProblem(password: string): string | null {
  if (password.length < PASSWORD_MIN) return `must be at least ${PASSWORD_MIN} characters`;
  if (password.length > PASSWORD_MAX) return `must be at most ${PASSWORD_MAX} characters`;
  return null;
}
