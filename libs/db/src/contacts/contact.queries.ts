import type { ContactFields, ImportedContact } from '@domain/contact';
import type { Db } from '../sql';
import { affected, atomically, row, rows, selectColumns, updateReturning } from '../sql';
import { ContactEntity } from './contact.entity';

/**
 * The people of each body (contacts). Every write names the body: a contact is found by its id
 * *and* its agency, so that no caller edits another body's people by guessing an id.
 */

export type ContactRow = Pick<ContactEntity, 'id' | 'agency' | 'name' | 'roles' | 'email' | 'phone' | 'language' | 'channels' | 'createdAt' | 'updatedAt'>;
const COLUMNS: (keyof ContactRow)[] = ['id', 'agency', 'name', 'roles', 'email', 'phone', 'language', 'channels', 'createdAt', 'updatedAt'];

/** A body's contacts, oldest first. */
export function listContacts(db: Db, agency: string): Promise<ContactRow[]> {
  return rows(db, `SELECT ${selectColumns(db, ContactEntity, 'c', COLUMNS)} FROM contacts c WHERE c.agency = $1 ORDER BY c.created_at, c.id`, [agency]);
}

/** Adds a person to a body; answers the stored contact (a new id). */
export async function insertContact(db: Db, agency: string, f: ContactFields): Promise<ContactRow> {
  return (await row<ContactRow>(
    db,
    `INSERT INTO contacts AS c (id, agency, name, roles, email, phone, language, channels, created_at, updated_at)
     VALUES (gen_random_uuid(), $1, $2, $3, $4, $5, $6, $7, now(), now())
     RETURNING ${selectColumns(db, ContactEntity, 'c', COLUMNS)}`,
    [agency, f.name, f.roles, f.email, f.phone, f.language, f.channels],
  ))!;
}

/**
 * Replaces a contact's fields; null when the body has no contact of that id (another body's
 * contact included). updated_at moves only when something changed.
 */
export async function updateContact(db: Db, agency: string, id: string, f: ContactFields): Promise<ContactRow | null> {
  const [updated] = await updateReturning<ContactRow>(
    db,
    `UPDATE contacts c
        SET name = $3::text, roles = $4::text[], email = $5::text, phone = $6::text, language = $7::text, channels = $8::text[],
            updated_at = CASE WHEN (c.name, c.roles, c.email, c.phone, c.language::text, c.channels) IS DISTINCT FROM ($3::text, $4::text[], $5::text, $6::text, $7::text, $8::text[])
                              THEN now() ELSE c.updated_at END
      WHERE c.id = $1 AND c.agency = $2
      RETURNING ${selectColumns(db, ContactEntity, 'c', COLUMNS)}`,
    [id, agency, f.name, f.roles, f.email, f.phone, f.language, f.channels],
  );
  return updated ?? null;
}

/** Removes a contact of the body; false when the body has none of that id. */
export async function deleteContact(db: Db, agency: string, id: string): Promise<boolean> {
  return (await affected(db, 'DELETE FROM contacts WHERE id = $1 AND agency = $2', [id, agency])) > 0;
}

export interface ContactImportCounts {
  inserted: number;
  /** Matched a stored contact and changed it. */
  updated: number;
  /** Matched a stored contact that already read so. */
  unchanged: number;
}

/**
 * An administrator's import (rows already checked: libs/domain/src/contact.ts readContactCsv), in
 * one statement whatever its size: each row updates the stored contact of its body that is the
 * same person, or is inserted. The same person is, in this order:
 *  1. the contact with the same name and the same e-mail (either case), or the same name and no
 *     e-mail when the row has none;
 *  2. else, by the row's e-mail alone (its name alone when it has none): a renamed person;
 *  3. else, for a row with an e-mail, the contact of that name without one: an address added;
 *  (2) and (3) only where they name one unmatched contact and one unmatched row: an office's
 *  shared mailbox (王晓萌 and 刘天扬 both at kepuri@) never merges two people into one.
 * A row that matches nothing is a new contact. Rows are never deleted. Importing the same file
 * again matches every row by (1) to what it wrote and changes nothing, updated_at included.
 * Concurrent imports are serialised, so two of the same file do not both insert.
 */
export function importContacts(db: Db, contacts: readonly ImportedContact[]): Promise<ContactImportCounts> {
  return atomically(db, async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('contacts:import'))`);
    const [counts] = await rows<ContactImportCounts>(
      m,
      `WITH input AS (
         SELECT t.n, t.r->>'agency' AS agency, t.r->>'name' AS name, t.r->>'email' AS email, t.r->>'phone' AS phone,
                t.r->>'language' AS language,
                ARRAY(SELECT jsonb_array_elements_text(t.r->'roles')) AS roles,
                ARRAY(SELECT jsonb_array_elements_text(t.r->'channels')) AS channels
           FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(r, n)
       ),
       exact AS (
         SELECT DISTINCT ON (i.n) i.n, c.id
           FROM input i
           JOIN contacts c ON c.agency = i.agency AND c.name = i.name AND lower(c.email) IS NOT DISTINCT FROM lower(i.email)
          ORDER BY i.n, c.created_at, c.id
       ),
       loose AS (
         SELECT i.n, c.id, count(*) OVER (PARTITION BY i.n) AS per_row, count(*) OVER (PARTITION BY c.id) AS per_contact
           FROM input i
           JOIN contacts c ON c.agency = i.agency
                          AND CASE WHEN i.email IS NULL THEN c.name = i.name ELSE lower(c.email) = lower(i.email) END
          WHERE i.n NOT IN (SELECT n FROM exact) AND c.id NOT IN (SELECT id FROM exact)
       ),
       by_key AS (
         SELECT n, id FROM exact
         UNION ALL
         SELECT n, id FROM loose WHERE per_row = 1 AND per_contact = 1
       ),
       addressed AS (
         SELECT i.n, c.id, count(*) OVER (PARTITION BY i.n) AS per_row, count(*) OVER (PARTITION BY c.id) AS per_contact
           FROM input i
           JOIN contacts c ON c.agency = i.agency AND c.name = i.name AND c.email IS NULL
          WHERE i.email IS NOT NULL AND i.n NOT IN (SELECT n FROM by_key) AND c.id NOT IN (SELECT id FROM by_key)
       ),
       matched AS (
         SELECT n, id FROM by_key
         UNION ALL
         SELECT n, id FROM addressed WHERE per_row = 1 AND per_contact = 1
       ),
       updated AS (
         UPDATE contacts c
            SET name = i.name, roles = i.roles, email = i.email, phone = i.phone, language = i.language, channels = i.channels, updated_at = now()
           FROM matched mt JOIN input i ON i.n = mt.n
          WHERE c.id = mt.id
            AND (c.name, c.roles, c.email, c.phone, c.language::text, c.channels) IS DISTINCT FROM (i.name, i.roles, i.email, i.phone, i.language, i.channels)
         RETURNING c.id
       ),
       inserted AS (
         INSERT INTO contacts (id, agency, name, roles, email, phone, language, channels, created_at, updated_at)
         SELECT gen_random_uuid(), i.agency, i.name, i.roles, i.email, i.phone, i.language, i.channels, now(), now()
           FROM input i
          WHERE i.n NOT IN (SELECT n FROM matched)
          ORDER BY i.n
         RETURNING id
       )
       SELECT (SELECT count(*) FROM inserted)::int AS inserted,
              (SELECT count(*) FROM updated)::int AS updated,
              ((SELECT count(*) FROM matched) - (SELECT count(*) FROM updated))::int AS unchanged`,
      [JSON.stringify(contacts)],
    );
    return counts;
  });
}
