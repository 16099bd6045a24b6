/**
 * The HTTP client of the integration specs and the benchmark: they talk to the API the way users
 * do, over HTTP with bearer tokens (global fetch, keep-alive), and every answer carries its time.
 */
import { Agent, request as httpRequest } from 'node:http';
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
    return answer<T>(res.status, text, performance.now() - t0);
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

function answer<T>(status: number, text: string, ms: number): HttpResult<T> {
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: keep the text */
  }
  return { status, body: parsed as T, ms };
}

/**
 * The benchmark's client: requests with a text body (or none) go over node:http with a keep-alive
 * agent instead of fetch. Twenty POSTs started at once cost undici's fetch 15–30 ms in the client
 * before the last answer is read, node:http 5 ms (a trivial server, measured side by side): a
 * benchmark of the server should not time its own client, and a co-signer's browser is not one
 * Node thread sending for twenty people. Anything else (FormData, bytes) goes through fetch as before.
 */
export class KeepAliveApiClient extends ApiClient {
  private readonly agent = new Agent({ keepAlive: true });

  override raw<T = any>(path: string, init: RequestInit): Promise<HttpResult<T>> {
    if (init.body != null && typeof init.body !== 'string') return super.raw<T>(path, init);
    const t0 = performance.now();
    return new Promise<HttpResult<T>>((resolve, reject) => {
      const req = httpRequest(`${this.baseUrl}${path}`, { method: init.method ?? 'GET', headers: init.headers as Record<string, string> | undefined, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(answer<T>(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), performance.now() - t0)));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(init.body ?? undefined);
    });
  }
}

export function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}
