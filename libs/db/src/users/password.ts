import { hash, verify } from '@node-rs/argon2';

/**
 * Password hashing, the one place for it (the API's logins and the CLI's `user add`): argon2id,
 * @node-rs/argon2's default algorithm, with its default cost. The encoded hash carries its own
 * parameters and salt, so raising the cost later still verifies old hashes.
 */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** False for a wrong password and for a hash that cannot be read (never throws for either). */
export async function verifyPassword(encoded: string, password: string): Promise<boolean> {
  try {
    return await verify(encoded, password);
  } catch {
    return false;
  }
}

/**
 * A login that names nobody is verified against this hash all the same, so that answering it
 * takes as long as a wrong password: the time does not tell which logins exist. Made once, lazily.
 */
let dummy: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummy ??= hash('no-such-user-dummy-password');
  return dummy;
}
