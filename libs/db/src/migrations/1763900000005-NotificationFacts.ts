import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox records facts: `data` holds what a message is about (document number, deadline,
 * counts, …) beside its kind, so delivery channels (mail, webhooks, inbox, calendar feeds) render
 * their own text. `reason` stays filled for today's readers.
 */
export class NotificationFacts1763900000005 implements MigrationInterface {
  name = 'NotificationFacts1763900000005';

  async up(q: QueryRunner): Promise<void> {
    // A constant default: no table rewrite (PostgreSQL 11+).
    await q.query(`ALTER TABLE notifications ADD COLUMN data jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notifications DROP COLUMN data`);
  }
}
