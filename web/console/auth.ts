/**
 * Sign-in for the deployed console: Cognito's hosted UI with the authorization code flow and
 * PKCE (no client secret in a browser). /config.json says where; locally it says `auth: null`
 * and the console runs without login (the local server answers on loopback only).
 */
import type { SiteConfig } from './site-config';

const TOKEN = 'lifeline.idToken';
const VERIFIER = 'lifeline.pkceVerifier';
const STATE = 'lifeline.pkceState';
const RETURN_TO = 'lifeline.returnTo';

let config: SiteConfig = { auth: null };

/** Resolves when the user may use the console (signed in, or local); otherwise navigates away. */
export async function signIn(): Promise<boolean> {
  const response = await fetch('/config.json', { cache: 'no-store' });
  config = (await response.json()) as SiteConfig;
  const auth = config.auth;
  if (auth === null) return true;
  const url = new URL(window.location.href);
  const code = url.searchParams.get('code');
  if (code !== null && url.searchParams.get('state') === sessionStorage.getItem(STATE)) {
    await exchange(auth, code);
    history.replaceState(null, '', sessionStorage.getItem(RETURN_TO) ?? '/');
    return true;
  }
  if (validToken() !== null) return true;
  await redirectToLogin();
  return false;
}

/** The Authorization header for API calls (none locally). */
export function authHeaders(): Record<string, string> {
  const token = validToken();
  return token === null ? {} : { authorization: `Bearer ${token}` };
}

/** The API said 401: the token expired or was revoked. */
export async function signInAgain(): Promise<void> {
  sessionStorage.removeItem(TOKEN);
  if (config.auth !== null) await redirectToLogin();
}

function validToken(): string | null {
  const token = sessionStorage.getItem(TOKEN);
  if (token === null) return null;
  try {
    const payload = JSON.parse(
      atob(token.split('.')[1]?.replaceAll('-', '+').replaceAll('_', '/') ?? ''),
    ) as {
      exp?: number;
    };
    // A minute's margin: a request must not leave with a token about to expire.
    return (payload.exp ?? 0) * 1000 > Date.now() + 60_000 ? token : null;
  } catch {
    return null;
  }
}

async function redirectToLogin(): Promise<void> {
  const auth = config.auth;
  if (auth === null) return;
  const verifier = randomText(64);
  const state = randomText(24);
  sessionStorage.setItem(VERIFIER, verifier);
  sessionStorage.setItem(STATE, state);
  sessionStorage.setItem(RETURN_TO, `${window.location.pathname}${window.location.search}`);
  const challenge = base64Url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  const login = new URL('/oauth2/authorize', auth.domain);
  login.search = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: `${window.location.origin}/`,
    scope: 'openid email',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(login.toString());
}

async function exchange(auth: NonNullable<SiteConfig['auth']>, code: string): Promise<void> {
  const response = await fetch(new URL('/oauth2/token', auth.domain), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code,
      redirect_uri: `${window.location.origin}/`,
      code_verifier: sessionStorage.getItem(VERIFIER) ?? '',
    }),
  });
  if (!response.ok) throw new Error(`sign-in failed: ${response.status}`);
  const tokens = (await response.json()) as { id_token: string };
  // The ID token carries the user's email and groups, which the API audits and checks.
  sessionStorage.setItem(TOKEN, tokens.id_token);
  sessionStorage.removeItem(VERIFIER);
  sessionStorage.removeItem(STATE);
}

function randomText(bytes: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replaceAll('=', '');
}
