import { authHeaders, signInAgain } from './auth';

/** The console's calls to its API (same origin: /api/...), JSON in and out, with the user's token on AWS. */

/** An API answer other than 2xx, with the server's message (validation errors name the field). */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function apiGet<T>(path: string, query: Record<string, string | undefined> = {}): Promise<T> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, value);
  const search = params.toString();
  return call<T>(`${path}${search ? `?${search}` : ''}`, { method: 'GET' });
}

export async function apiPost<T>(path: string, body: unknown = {}): Promise<T> {
  return call<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

async function call<T>(path: string, init: RequestInit): Promise<T> {
  const response = await fetch(`/api${path}`, {
    ...init,
    headers: { ...init.headers, ...authHeaders() },
    credentials: 'same-origin',
  });
  if (response.status === 401) await signInAgain();
  const text = await response.text();
  const data = text ? (JSON.parse(text) as unknown) : null;
  if (!response.ok) {
    const message = (data as { error?: { message?: string } } | null)?.error?.message ?? response.statusText;
    throw new ApiError(response.status, message);
  }
  return data as T;
}

/** A campaign key as one path segment ("|" must be encoded). */
export const keySegment = (key: string) => encodeURIComponent(key);
