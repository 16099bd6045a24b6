/**
 * The HTTP client of the integration specs and the benchmark: they talk to the API the way users
 * do, over HTTP with bearer tokens (global fetch, keep-alive), and every answer carries its time.
 */
import { performance } from 'node:perf_hooks';

export interface HttpResult<T = any> {
  status: number;
  body: T;
  /** Request sent → whole response body read, milliseconds. */
  ms: number;
}

export class ApiClient {
  constructor(readonly baseUrl: string) {}

  async request<T = any>(
    method: string,
    path: string,
    opts: { token?: string; json?: unknown; text?: string; contentType?: string; headers?: Record<string, string> } = {},
  ): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: string | undefined;
    if (opts.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(opts.json);
    } else if (opts.text !== undefined) {
      headers['content-type'] = opts.contentType ?? 'text/plain';
      body = opts.text;
    }
    return this.raw<T>(path, { method, headers, body });
  }

  /** Any request, as given (a malformed body, a header of one's own): the answer as JSON if it is. */
  async raw<T = any>(path: string, init: RequestInit): Promise<HttpResult<T>> {
    const t0 = performance.now();
    const res = await fetch(`${this.baseUrl}${path}`, init);
    const text = await res.text();
    const ms = performance.now() - t0;
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
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

  patch<T = any>(path: string, json: unknown, token?: string) {
    return this.request<T>('PATCH', path, { token, json });
  }

  delete<T = any>(path: string, token?: string) {
    return this.request<T>('DELETE', path, { token });
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
