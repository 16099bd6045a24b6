/** The benchmark talks to the API the way users do: HTTP with bearer tokens (global fetch, keep-alive). */
import { performance } from 'node:perf_hooks';

export interface HttpResult<T = any> {
  status: number;
  body: T;
  /** Request sent → whole response body read, milliseconds. */
  ms: number;
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(method: string, path: string, opts: { token?: string; json?: unknown; text?: string; contentType?: string } = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = {};
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.text !== undefined) {
      headers['content-type'] = opts.contentType ?? 'text/plain';
      body = opts.text;
    }
    const t0 = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const raw = await res.text();
    const ms = performance.now() - t0;
    let parsed: unknown = raw;
    try {
      parsed = raw ? JSON.parse(raw) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: res.status, body: parsed as T, ms };
  }

  get<T = any>(path: string, token?: string) {
    return this.request<T>('GET', path, { token });
  }

  post<T = any>(path: string, json: unknown, token?: string) {
    return this.request<T>('POST', path, { token, json });
  }

  put<T = any>(path: string, json: unknown, token?: string) {
    return this.request<T>('PUT', path, { token, json });
  }

  /** Throws unless the status is the expected one, with what the API said. */
  async expect<T = any>(expected: number, what: string, p: Promise<HttpResult<T>>): Promise<HttpResult<T>> {
    const r = await p;
    if (r.status !== expected) throw new HttpError(what, r);
    return r;
  }
}

export class HttpError extends Error {
  constructor(
    readonly what: string,
    readonly result: HttpResult,
  ) {
    super(`${what}: HTTP ${result.status} ${truncate(typeof result.body === 'string' ? result.body : JSON.stringify(result.body), 600)}`);
  }
}

export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
