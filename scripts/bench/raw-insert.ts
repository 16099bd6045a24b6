/**
 * Writing activity rows straight through `pg`, bypassing the API: the yardstick the bulk import is
 * compared with. Two ways, both with plain `pg` (pg-copy-streams is not a dependency):
 *
 *  - COPY … FROM STDIN: `pg` has no COPY API of its own, but a Client accepts any "submittable"
 *    (an object with submit() and the protocol handlers), which is all pg-copy-streams is. Real
 *    PostgreSQL only: the embedded PGlite server closes the connection on COPY FROM STDIN.
 *  - INSERT … SELECT FROM unnest($1::text[], …): one statement per chunk, arrays as parameters.
 *
 * The target is a fresh clone of `activities` (same columns, defaults, checks, indexes and foreign
 * keys), so that each way starts from the same, empty table, as the API's import nearly did.
 */
import type { Client } from 'pg';
import type { CampaignEventInput } from '@domain/campaign-event';

/** A campaign event as the API stores it, with the columns the API fills in itself. */
export interface RawRow extends CampaignEventInput {
  campaignId: string;
  organizer: string;
  region: string;
  importBatch: string;
  createdBy: string;
}

const COLUMNS = 'campaign_id, organizer, region, title, category, starts_at, ends_at, place, online_url, expected_audience, import_batch, created_by';

/** COPY text format: tab-separated, \N for NULL, backslash escapes. */
function copyField(v: string | number | null): string {
  if (v === null) return '\\N';
  return String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

/** A fresh, empty table shaped exactly like activities: columns, defaults, checks, indexes, foreign keys. */
export async function cloneActivities(client: Client, table: string): Promise<void> {
  await client.query(`DROP TABLE IF EXISTS ${table}`);
  await client.query(`CREATE TABLE ${table} (LIKE campaign_events INCLUDING ALL)`);
  await client.query(
    `ALTER TABLE ${table} ADD FOREIGN KEY (campaign_id) REFERENCES campaigns (id) ON DELETE CASCADE,
                         ADD FOREIGN KEY (organizer) REFERENCES agencies (code)`,
  );
}

export function copyText(rows: readonly RawRow[]): Buffer {
  const lines = rows.map((r) =>
    [r.campaignId, r.organizer, r.region, r.title, r.category, r.startsAt, r.endsAt, r.place, r.onlineUrl, r.expectedAudience, r.importBatch, r.createdBy]
      .map(copyField)
      .join('\t'),
  );
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

/** A COPY FROM STDIN as a pg "submittable" (the protocol handlers pg's Client calls). */
class CopyFromStdin {
  readonly text: string;
  callback?: (err: Error | null, rowCount?: number) => void;
  private rowCount = 0;
  private error: Error | null = null;

  constructor(
    table: string,
    private readonly data: Buffer,
  ) {
    this.text = `COPY ${table} (${COLUMNS}) FROM STDIN`;
  }

  submit(connection: any): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: any): void {
    // 64 kB CopyData messages, as pg-copy-streams sends them.
    for (let i = 0; i < this.data.length; i += 65536) connection.sendCopyFromChunk(this.data.subarray(i, i + 65536));
    connection.endCopyFrom();
  }

  handleCommandComplete(msg: { text?: string }): void {
    const m = /COPY (\d+)/.exec(msg.text ?? '');
    if (m) this.rowCount = Number(m[1]);
  }

  handleReadyForQuery(): void {
    this.callback?.(this.error, this.rowCount);
  }

  handleError(err: Error): void {
    // pg drops the active query on an error message: answer now.
    this.error = err;
    this.callback?.(err);
    this.callback = undefined;
  }

  handleEmptyQuery(): void {}
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCopyData(): void {}
  handlePortalSuspended(): void {}
}

export function copyRows(client: Client, table: string, data: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const q = new CopyFromStdin(table, data);
    q.callback = (err, n) => (err ? reject(err) : resolve(n ?? 0));
    (client as unknown as { query(q: unknown): void }).query(q);
  });
}

export async function insertUnnest(client: Client, table: string, rows: readonly RawRow[]): Promise<number> {
  const col = <K extends keyof RawRow>(k: K) => rows.map((r) => r[k]);
  const res = await client.query(
    `INSERT INTO ${table} (${COLUMNS})
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[],
                          $8::text[], $9::text[], $10::int[], $11::uuid[], $12::text[])`,
    [
      col('campaignId'),
      col('organizer'),
      col('region'),
      col('title'),
      col('category'),
      col('startsAt'),
      col('endsAt'),
      col('place'),
      col('onlineUrl'),
      col('expectedAudience'),
      col('importBatch'),
      col('createdBy'),
    ],
  );
  return res.rowCount ?? 0;
}
