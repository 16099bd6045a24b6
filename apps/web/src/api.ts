/**
 * The console's one HTTP client. The access token lives in memory only (never localStorage); the
 * refresh token is an httpOnly cookie the script cannot read, renewed through POST /auth/refresh
 * with the XSRF-TOKEN cookie echoed in X-XSRF-TOKEN. Every failure becomes an ApiFailure carrying
 * the API's own shape ({ statusCode, error, message, fields }), so a page can put each problem
 * next to the field it names (errors.ts words it in Chinese).
 */
export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: FieldProblem[] = [],
  ) {
    super(message);
  }
}

export interface AccessToken {
  accessToken: string;
  expiresAt: string;
}

type Query = Record<string, string | number | boolean | undefined | null | Array<string | number>>;

let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
let onSignedOut: () => void = () => undefined;

export function setAccessToken(token: AccessToken | null): void {
  accessToken = token?.accessToken ?? null;
}

export function hasAccessToken(): boolean {
  return accessToken !== null;
}

/** What happens when the session cannot be renewed (the router sends the person to 登录). */
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

export function xsrfToken(): string {
  const m = /(?:^|;\s*)XSRF-TOKEN=([^;]*)/.exec(document.cookie);
  return m ? decodeURIComponent(m[1]) : '';
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) v.forEach((x) => params.append(k, String(x)));
    else params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function failureOf(res: Response): Promise<ApiFailure> {
  let body: { error?: string; message?: string | string[]; fields?: FieldProblem[] } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    /* not JSON: a proxy's page, say */
  }
  const message = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? res.statusText);
  return new ApiFailure(res.status, body.error ?? `HTTP_${res.status}`, message, Array.isArray(body.fields) ? body.fields : []);
}

/** A new access token from the refresh cookie; false when there is no session to renew. */
export function refreshSession(): Promise<boolean> {
  refreshing ??= (async () => {
    try {
      const res = await fetch('/api/v1/auth/refresh', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'X-XSRF-TOKEN': xsrfToken(), 'Content-Type': 'application/json' },
        body: '{}',
      });
      if (!res.ok) {
        setAccessToken(null);
        return false;
      }
      setAccessToken((await res.json()) as AccessToken);
      return true;
    } catch {
      return false;
    } finally {
      refreshing = null;
    }
  })();
  return refreshing;
}

interface Call {
  method: string;
  path: string;
  query?: Query;
  body?: unknown;
  /** A raw body (CSV) with its media type; `body` is sent as JSON otherwise. */
  raw?: { text: string; type: string };
  headers?: Record<string, string>;
}

async function send(call: Call): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json', ...call.headers };
  if (accessToken) headers.Authorization = `Bearer ${accessToken}`;
  let body: string | undefined;
  if (call.raw) {
    headers['Content-Type'] = call.raw.type;
    body = call.raw.text;
  } else if (call.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(call.body);
  }
  return fetch(withQuery(call.path, call.query), { method: call.method, headers, body, credentials: 'same-origin' });
}

export async function request<T>(call: Call): Promise<T> {
  let res = await send(call);
  if (res.status === 401 && (await refreshSession())) res = await send(call);
  if (res.status === 401) onSignedOut();
  if (!res.ok) throw await failureOf(res);
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>({ method: 'GET', path, query }),
  post: <T>(path: string, body?: unknown, headers?: Record<string, string>) => request<T>({ method: 'POST', path, body: body ?? {}, headers }),
  put: <T>(path: string, body?: unknown) => request<T>({ method: 'PUT', path, body: body ?? {} }),
  patch: <T>(path: string, body?: unknown) => request<T>({ method: 'PATCH', path, body: body ?? {} }),
  /** A body when the API asks for one (减签's reason). */
  del: <T>(path: string, body?: unknown) => request<T>({ method: 'DELETE', path, body }),
  /** A CSV body (text/csv). */
  postCsv: <T>(path: string, csv: string, headers?: Record<string, string>) =>
    request<T>({ method: 'POST', path, raw: { text: csv, type: 'text/csv; charset=utf-8' }, headers }),
};

/**
 * An upload with its progress (fetch reports none): XMLHttpRequest, the same token, the same
 * failure shape. `onProgress` gets 0…1 as the body goes out.
 */
export function upload<T>(
  path: string,
  body: { text: string; type: string },
  onProgress: (fraction: number) => void,
  headers: Record<string, string> = {},
): Promise<T> {
  const attempt = () =>
    new Promise<{ status: number; text: string; type: string }>((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', path);
      xhr.setRequestHeader('Content-Type', body.type);
      xhr.setRequestHeader('Accept', 'application/json');
      if (accessToken) xhr.setRequestHeader('Authorization', `Bearer ${accessToken}`);
      for (const [k, v] of Object.entries(headers)) xhr.setRequestHeader(k, v);
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText, type: xhr.getResponseHeader('content-type') ?? '' });
      xhr.onerror = () => reject(new ApiFailure(0, 'NETWORK', 'network error'));
      xhr.send(body.text);
    });
  return (async () => {
    let res = await attempt();
    if (res.status === 401 && (await refreshSession())) res = await attempt();
    if (res.status === 401) onSignedOut();
    onProgress(1);
    const parsed = res.type.includes('json') && res.text ? (JSON.parse(res.text) as unknown) : res.text;
    if (res.status >= 400) {
      const b = (parsed ?? {}) as { error?: string; message?: string; fields?: FieldProblem[] };
      throw new ApiFailure(res.status, b.error ?? `HTTP_${res.status}`, b.message ?? String(res.status), b.fields ?? []);
    }
    return parsed as T;
  })();
}
