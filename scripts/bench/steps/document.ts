/**
 * Step 8: the issued national notice as a document (issue 11) — GET …/notice.pdf the first time
 * (rendered: 9 pages, fonts subset and embedded, then kept in rendered_notices) and again (served
 * from that cache; goal ≤ 1 s), and the Word file the first time.
 */
import { performance } from 'node:perf_hooks';
import type { Driver } from '@harness/campaigns';
import { distribution, round } from '../stats';
import type { Distribution } from '../stats';

export const DOCUMENT_GOAL_MS = 1000;

export interface DocumentFigures {
  pdfBytes: number;
  /** The first request: rendered (fonts parsed if this process had not yet). */
  pdfColdMs: number;
  /** Later requests: from the cache. */
  pdfWarm: Distribution;
  docxColdMs: number;
}

export async function documentStep(sys: Driver, nationalId: string, runs = 10): Promise<DocumentFigures> {
  const token = sys.token('CAST', 'secretariat');
  const get = async (path: string) => {
    const t0 = performance.now();
    const res = await fetch(`${sys.http.baseUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = Buffer.from(await res.arrayBuffer());
    if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${bytes.toString('utf8').slice(0, 300)}`);
    return { ms: performance.now() - t0, bytes: bytes.length, cache: res.headers.get('x-render-cache') };
  };
  const pdf = `/api/v1/campaigns/${nationalId}/notice.pdf`;
  const cold = await get(pdf);
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) warm.push((await get(pdf)).ms);
  const docx = await get(`/api/v1/campaigns/${nationalId}/notice.docx`);
  return { pdfBytes: cold.bytes, pdfColdMs: round(cold.ms), pdfWarm: distribution(warm), docxColdMs: round(docx.ms) };
}
