/**
 * Who is signed in: the account behind the access token (GET /api/v1/me) and its body. A plain
 * reactive object is the whole store — the console has one piece of shared state, so it takes no
 * store library (Pinia would add a dependency for it).
 */
import { computed, reactive } from 'vue';
import type { AccessToken } from './api';
import { api, refreshSession, setAccessToken, xsrfToken } from './api';

export type Role = 'secretariat' | 'signer' | 'recipient' | 'admin';

export interface Me {
  sub: string;
  agency: string;
  roles: Role[];
  user: { id: string; login: string; name: string; email: string | null } | null;
}

/** The agency that runs the platform (libs/domain/src/auth.ts PLATFORM_AGENCY). */
export const PLATFORM_AGENCY = 'CAST';

export const session = reactive<{ me: Me | null; ready: boolean }>({ me: null, ready: false });

export const can = {
  has: (role: Role) => computed(() => session.me?.roles.includes(role) ?? false),
};

export function hasRole(...roles: Role[]): boolean {
  return roles.some((r) => session.me?.roles.includes(r));
}

export function isPlatformAdmin(): boolean {
  return session.me?.agency === PLATFORM_AGENCY && hasRole('admin');
}

async function loadMe(): Promise<void> {
  session.me = await api.get<Me>('/api/v1/me');
}

/** At start: a refresh cookie from an earlier visit gives a session without a password. */
export async function resume(): Promise<void> {
  try {
    if (await refreshSession()) await loadMe();
  } finally {
    session.ready = true;
  }
}

export async function login(loginName: string, password: string): Promise<void> {
  const token = await api.post<AccessToken>('/api/v1/auth/login', { login: loginName, password });
  setAccessToken(token);
  await loadMe();
}

export async function logout(): Promise<void> {
  try {
    await fetch('/api/v1/auth/logout', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-XSRF-TOKEN': xsrfToken(), 'Content-Type': 'application/json' },
      body: '{}',
    });
  } finally {
    setAccessToken(null);
    session.me = null;
  }
}
