import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts (issue 10): the people who log in to the console.
 * - users: a person of a body, the token roles they hold (libs/domain/src/auth.ts), their argon2id
 *   password hash, and the lockout state of repeated failed logins. The login is stored in lower
 *   case, so that its uniqueness ignores case.
 * - refresh_tokens: the long-lived credential of a logged-in browser, kept as its SHA-256; a
 *   refresh rotates it (the old one revoked), a logout or a deactivation revokes it.
 */
export class Accounts1763900000008 implements MigrationInterface {
  name = 'Accounts1763900000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE users (
        id            uuid        PRIMARY KEY,
        login         text        NOT NULL,
        name          text        NOT NULL,
        agency        varchar(32) NOT NULL REFERENCES agencies (code),
        roles         text[]      NOT NULL,
        email         text,
        password_hash text        NOT NULL,
        active        boolean     NOT NULL DEFAULT true,
        failed_logins int         NOT NULL DEFAULT 0,
        locked_until  timestamptz,
        created_at    timestamptz NOT NULL DEFAULT now(),
        updated_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_login_key UNIQUE (login)
      )`);
    await q.query(`CREATE INDEX users_agency_idx ON users (agency)`);
    await q.query(`
      CREATE TABLE refresh_tokens (
        id           uuid        PRIMARY KEY,
        user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        token_sha256 char(64)    NOT NULL,
        created_at   timestamptz NOT NULL DEFAULT now(),
        expires_at   timestamptz NOT NULL,
        revoked_at   timestamptz,
        CONSTRAINT refresh_tokens_token_sha256_key UNIQUE (token_sha256)
      )`);
    await q.query(`CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE refresh_tokens`);
    await q.query(`DROP TABLE users`);
  }
}
