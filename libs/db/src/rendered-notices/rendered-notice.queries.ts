import type { Db } from '../sql';
import { row, rows } from '../sql';
import type { NoticeFormat, RenderedNoticeEntity } from './rendered-notice.entity';

/** The cache of rendered notices, and what verification asks of the notices the system holds. */

export type RenderedFile = Pick<RenderedNoticeEntity, 'bytes' | 'fileSha256'>;

export function findRendered(db: Db, cacheKey: string): Promise<RenderedFile | null> {
  return row<RenderedFile>(db, `SELECT bytes, file_sha256 AS "fileSha256" FROM rendered_notices WHERE cache_key = $1`, [cacheKey]);
}

/** Keeps a rendering once; a concurrent render of the same key keeps the first. Answers what is kept. */
export async function saveRendered(
  db: Db,
  r: Pick<RenderedNoticeEntity, 'cacheKey' | 'campaignId' | 'version' | 'noticeSha256' | 'docNumber' | 'bytes' | 'fileSha256'> & { format: NoticeFormat },
): Promise<RenderedFile> {
  await db.query(
    `INSERT INTO rendered_notices (cache_key, campaign_id, version, notice_sha256, doc_number, format, bytes, file_sha256)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (cache_key) DO NOTHING`,
    [r.cacheKey, r.campaignId, r.version, r.noticeSha256, r.docNumber, r.format, r.bytes, r.fileSha256],
  );
  return (await findRendered(db, r.cacheKey)) ?? { bytes: r.bytes, fileSha256: r.fileSha256 };
}

/** The campaign and version a file the system rendered belongs to, by the file's own SHA-256. */
export function renderedByFile(db: Db, fileSha256: string): Promise<{ campaignId: string; version: number } | null> {
  return row(db, `SELECT campaign_id AS "campaignId", version FROM rendered_notices WHERE file_sha256 = $1 ORDER BY created_at LIMIT 1`, [fileSha256]);
}

/**
 * The campaign versions whose text has this SHA-256 (a text may be launched more than once): the
 * issued one first, then the newest.
 */
export function versionsOfText(db: Db, sha256: string): Promise<{ campaignId: string; version: number }[]> {
  return rows(
    db,
    `SELECT v.campaign_id AS "campaignId", v.version
       FROM notice_versions v JOIN campaigns c ON c.id = v.campaign_id
      WHERE v.sha256 = $1
      ORDER BY (c.doc_number IS NOT NULL AND c.notice_version = v.version) DESC, v.created_at DESC
      LIMIT 1`,
    [sha256],
  );
}

/** The issuing agencies' names as documents print them. */
export function issuingAgencies(db: Db, codes: readonly string[]): Promise<{ code: string; name: string; shortName: string; level: string }[]> {
  return rows(db, `SELECT code, name, short_name AS "shortName", level FROM agencies WHERE code = ANY($1::text[])`, [codes]);
}
