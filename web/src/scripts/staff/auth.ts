// Staff sign-in and every call to the staff API. The id token lives in sessionStorage only (one tab, gone
// when it closes); a 401 from any call brings the sign-in form back.
import { ApiError, toApiError, unreachable } from '../api';
import { showCalendarWarning, type CalendarWarning } from './calendar-warning';
import { $, fill, h } from './dom';

export interface SignInConfig {
  mode: 'local' | 'oidc';
  issuer: string;
  clientId: string;
}

export interface Me {
  id: string;
  name: string;
  authority: string | null;
  authorityName: string | null;
  admin: boolean;
  colleagues: { id: string; name: string }[];
}

const TOKEN_KEY = 'staff.token';
const OIDC_KEY = 'staff.oidc';
export const CALLBACK_PATH = '/staff/callback/';

interface StoredToken {
  idToken: string;
  expiresAt: number;
}

function storedToken(): string | null {
  try {
    const t = JSON.parse(sessionStorage.getItem(TOKEN_KEY) ?? 'null') as StoredToken | null;
    // A minute's margin, so a call does not start with a token about to lapse.
    if (t && t.expiresAt - 60_000 > Date.now()) return t.idToken;
  } catch {
    // unreadable: treat as signed out
  }
  sessionStorage.removeItem(TOKEN_KEY);
  return null;
}

export function keepToken(idToken: string, expiresIn: number | undefined): void {
  const seconds = expiresIn ?? expiryOf(idToken) ?? 3600;
  sessionStorage.setItem(TOKEN_KEY, JSON.stringify({ idToken, expiresAt: Date.now() + seconds * 1000 } satisfies StoredToken));
}

export function claimsOf(jwt: string): Record<string, unknown> {
  try {
    const part = jwt.split('.')[1] ?? '';
    const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    return JSON.parse(new TextDecoder().decode(Uint8Array.from(json, (c) => c.charCodeAt(0)))) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function expiryOf(jwt: string): number | undefined {
  const exp = claimsOf(jwt).exp;
  return typeof exp === 'number' ? exp - Date.now() / 1000 : undefined;
}

export function signOut(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}

async function request(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { ...init, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, await unreachable(path), 'network');
  }
}

export async function loadConfig(): Promise<SignInConfig> {
  const res = await request('/api/staff/config', { headers: { accept: 'application/json' } });
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw toApiError(res.status, data);
  return data as SignInConfig;
}

/** A staff API call with the token; JSON in and out. A 401 shows the sign-in form and throws. */
export async function staffApi<T>(path: string, body?: unknown): Promise<T> {
  const token = storedToken();
  if (!token) {
    void showSignIn('登录已失效，请重新登录').then(() => location.reload());
    throw new ApiError(401, '登录已失效，请重新登录', 'unauthenticated');
  }
  const headers: Record<string, string> = { accept: 'application/json', authorization: `Bearer ${token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(`/api/staff${path}`, { method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const data: unknown = await res.json().catch(() => undefined);
  if (res.ok) return data as T;
  const error = toApiError(res.status, data);
  if (res.status === 401) {
    signOut();
    void showSignIn(error.message).then(() => location.reload());
  }
  throw error;
}

// ───────── sign-in form (in StaffLayout) ─────────

let pending: Promise<void> | null = null;
let resolveSignIn: (() => void) | null = null;
let wired = false;

/** Shows the sign-in form instead of the page; resolves once the user has signed in. */
function showSignIn(message?: string): Promise<void> {
  if (pending) return pending;
  const section = $('signin');
  const app = $('app');
  app.hidden = true;
  section.hidden = false;
  $('user-box').hidden = true;
  const error = $('signin-error');
  if (message) fill(error, message);
  error.hidden = !message;
  pending = new Promise<void>((resolve) => {
    resolveSignIn = resolve;
  });
  void setUpSignIn();
  return pending;
}

async function setUpSignIn(): Promise<void> {
  if (wired) {
    $('signin-username').focus();
    return;
  }
  const form = $<HTMLFormElement>('signin-form');
  const oidc = $('signin-oidc');
  const error = $('signin-error');
  const showError = (text: string) => {
    fill(error, text);
    error.hidden = false;
    error.focus();
  };
  let config: SignInConfig;
  try {
    config = await loadConfig();
  } catch (e) {
    showError((e as Error).message);
    return;
  }
  wired = true;
  if (config.mode === 'oidc') {
    oidc.hidden = false;
    const button = $<HTMLButtonElement>('signin-oidc-button');
    button.addEventListener('click', () => {
      button.disabled = true;
      startOidc(config).catch((e: unknown) => {
        button.disabled = false;
        showError((e as Error).message);
      });
    });
    button.focus();
    return;
  }
  form.hidden = false;
  const username = $<HTMLInputElement>('signin-username');
  const password = $<HTMLInputElement>('signin-password');
  if (!error.hidden) error.focus();
  else username.focus();
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = $<HTMLButtonElement>('signin-submit');
    if (!username.value.trim() || !password.value) {
      showError('请填写用户名和密码');
      (username.value.trim() ? password : username).focus();
      return;
    }
    submit.disabled = true;
    try {
      const res = await request(`${config.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ username: username.value.trim(), password: password.value }),
      });
      const data = (await res.json().catch(() => undefined)) as { id_token?: string; expires_in?: number } | undefined;
      if (!res.ok || !data?.id_token) {
        showError(res.status === 401 ? (toApiError(401, data).message || '用户名或密码不正确') : toApiError(res.status, data).message);
        password.value = '';
        password.focus();
        return;
      }
      keepToken(data.id_token, data.expires_in);
      password.value = '';
      error.hidden = true;
      pending = null;
      resolveSignIn?.();
    } catch (e) {
      showError((e as Error).message);
    } finally {
      submit.disabled = false;
    }
  });
}

// ───────── OIDC authorization code + PKCE ─────────

const b64url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const randomString = () => b64url(crypto.getRandomValues(new Uint8Array(32)));

interface Discovery {
  authorization_endpoint: string;
  token_endpoint: string;
}

async function discover(issuer: string): Promise<Discovery> {
  const res = await request(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { headers: { accept: 'application/json' } });
  const doc = (await res.json().catch(() => undefined)) as Partial<Discovery> | undefined;
  if (!res.ok || !doc?.authorization_endpoint || !doc.token_endpoint) throw new Error('统一身份认证服务暂时无法连接，请稍后再试');
  return doc as Discovery;
}

async function startOidc(config: SignInConfig): Promise<void> {
  const discovery = await discover(config.issuer);
  const state = randomString();
  const nonce = randomString();
  const verifier = randomString();
  const challenge = b64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const returnTo = location.pathname + location.search;
  sessionStorage.setItem(OIDC_KEY, JSON.stringify({ state, nonce, verifier, returnTo, tokenEndpoint: discovery.token_endpoint, clientId: config.clientId }));
  const url = new URL(discovery.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: location.origin + CALLBACK_PATH,
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  }).toString();
  location.assign(url.toString());
}

/** On /staff/callback/: checks state, exchanges the code, keeps the id token; answers where to go next. */
export async function finishOidc(params: URLSearchParams): Promise<string> {
  const saved = JSON.parse(sessionStorage.getItem(OIDC_KEY) ?? 'null') as
    | { state: string; nonce: string; verifier: string; returnTo: string; tokenEndpoint: string; clientId: string }
    | null;
  sessionStorage.removeItem(OIDC_KEY);
  if (params.get('error')) throw new Error(`登录没有完成（${params.get('error_description') || params.get('error')}），请重新登录`);
  if (!saved || !params.get('state') || params.get('state') !== saved.state) throw new Error('登录请求已过期或不是从本页面发起的，请重新登录');
  const code = params.get('code');
  if (!code) throw new Error('登录没有完成，请重新登录');
  const res = await request(saved.tokenEndpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: location.origin + CALLBACK_PATH,
      client_id: saved.clientId,
      code_verifier: saved.verifier,
    }),
  });
  const data = (await res.json().catch(() => undefined)) as { id_token?: string; expires_in?: number } | undefined;
  if (!res.ok || !data?.id_token) throw new Error('登录没有完成：换取登录凭证失败，请重新登录');
  if (claimsOf(data.id_token).nonce !== saved.nonce) throw new Error('登录凭证与本次登录不符，请重新登录');
  keepToken(data.id_token, data.expires_in);
  // Only ever return to a staff page on this site.
  return saved.returnTo.startsWith('/staff/') ? saved.returnTo : '/staff/';
}

// ───────── the signed-in session ─────────

/** Signs in if needed, then answers who the user is and shows the page. */
export async function session(): Promise<Me> {
  for (;;) {
    if (!storedToken()) await showSignIn();
    try {
      const me = await staffApi<Me>('/me');
      showUser(me);
      return me;
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        await showSignIn(e.message);
        continue;
      }
      $('signin').hidden = true;
      const app = $('app');
      app.hidden = false;
      fill(app, h('div', { class: 'console-status error', role: 'alert' }, (e as Error).message));
      throw e;
    }
  }
}

function showUser(me: Me): void {
  pending = null;
  $('signin').hidden = true;
  $('app').hidden = false;
  const box = $('user-box');
  box.hidden = false;
  fill($('user-name'), me.name);
  fill($('user-authority'), me.authorityName ?? (me.admin ? '系统管理员' : ''));
  for (const link of document.querySelectorAll<HTMLElement>('[data-admin-only]')) link.hidden = !me.admin;
  for (const link of document.querySelectorAll<HTMLElement>('[data-case-only]')) link.hidden = !me.authority;
  // Administrators are told on every page when a year's holiday arrangement is missing; the page works without it.
  if (me.admin) staffApi<CalendarWarning>('/calendar').then(showCalendarWarning, () => undefined);
  $('sign-out').addEventListener('click', () => {
    signOut();
    location.assign('/staff/');
  });
}
