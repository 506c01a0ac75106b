// Staff sign-in and every call to the staff API, with oidc-client-ts: authorization code + PKCE against the
// issuer the staff API names (Cognito, another OIDC provider, or the local stack's issuer under `npm start`).
// The session is kept in localStorage, so every tab of the browser shares it; it is renewed with the refresh
// token before it expires; signing out ends it at the issuer (every refresh token of the user stops working) and
// in every tab of this browser at once (the storage event).
import { UserManager, WebStorageStateStore, type User } from 'oidc-client-ts';
import { ApiError, toApiError, unreachable } from '../api';
import { showCalendarWarning, type CalendarWarning } from './calendar-warning';
import { $, fill, h } from './dom';

export interface SignInConfig {
  mode: 'local' | 'oidc';
  issuer: string;
  clientId: string;
  /** Where to end the session when the issuer's discovery document names no end_session_endpoint (Cognito's /logout). */
  signOutUrl?: string;
}

export interface Me {
  id: string;
  name: string;
  authority: string | null;
  authorityName: string | null;
  admin: boolean;
  contactAccess?: boolean;
  colleagues: { id: string; name: string }[];
}

export const CALLBACK_PATH = '/staff/callback/';
const CONFIG_KEY = 'staff.signin-config';
/** Set just before signing out, so that the page the issuer sends us back to can say so. */
const SIGNED_OUT_KEY = 'staff.signed-out';
/** Renew this long before the token lapses (oidc-client-ts raises "expiring" then and renews). */
const RENEW_BEFORE_SECONDS = 60;

async function request(path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(path, { ...init, credentials: 'same-origin', cache: 'no-store' });
  } catch {
    throw new ApiError(0, await unreachable(path), 'network');
  }
}

/** The staff API's sign-in settings; kept for the tab so that a page does not ask again. */
export async function loadConfig(): Promise<SignInConfig> {
  const kept = sessionStorage.getItem(CONFIG_KEY);
  if (kept) {
    try {
      const config = JSON.parse(kept) as SignInConfig;
      // The local issuer is named after the address the console was reached at.
      if (config.issuer && (config.mode !== 'local' || config.issuer.startsWith(location.origin))) return config;
    } catch {
      // ask again
    }
  }
  const res = await request('/api/staff/config', { headers: { accept: 'application/json' } });
  const data: unknown = await res.json().catch(() => undefined);
  if (!res.ok) throw toApiError(res.status, data);
  sessionStorage.setItem(CONFIG_KEY, JSON.stringify(data));
  return data as SignInConfig;
}

let managerPromise: Promise<UserManager> | undefined;
let signOutUrl: string | undefined;

/** The one UserManager of the page. */
export function userManager(): Promise<UserManager> {
  return (managerPromise ??= loadConfig().then((config) => {
    signOutUrl = config.signOutUrl;
    const manager = new UserManager({
      authority: config.issuer,
      client_id: config.clientId,
      redirect_uri: location.origin + CALLBACK_PATH,
      post_logout_redirect_uri: `${location.origin}/staff/`,
      response_type: 'code',
      scope: 'openid profile email',
      userStore: new WebStorageStateStore({ store: localStorage }),
      stateStore: new WebStorageStateStore({ store: localStorage }),
      automaticSilentRenew: true,
      accessTokenExpiringNotificationTimeInSeconds: RENEW_BEFORE_SECONDS,
      revokeTokensOnSignout: true,
      revokeTokenTypes: ['refresh_token'],
      loadUserInfo: false,
      monitorSession: false,
      ...(config.signOutUrl ? { metadataSeed: { end_session_endpoint: config.signOutUrl } } : {}),
    });
    // A renewal that fails (signed out elsewhere, the refresh token expired) ends the session here too.
    manager.events.addSilentRenewError(() => {
      void manager.removeUser().then(() => showSignIn('登录已结束，请重新登录'));
    });
    return manager;
  }));
}

/** The signed-in user with a token that is not about to lapse (renewed first if it is), or null. */
async function currentUser(): Promise<User | null> {
  const manager = await userManager();
  const user = await manager.getUser();
  if (!user) return null;
  if (!user.expired && (user.expires_in ?? 0) > 15) return user;
  if (!user.refresh_token) return null;
  try {
    return await manager.signinSilent();
  } catch {
    await manager.removeUser();
    return null;
  }
}

/** A staff API request with the token. A 401 shows the sign-in screen and throws; other answers are the caller's. */
async function authorized(path: string, init: { body?: unknown; accept: string }): Promise<Response> {
  const user = await currentUser();
  if (!user?.id_token) {
    showSignIn('登录已失效，请重新登录');
    throw new ApiError(401, '登录已失效，请重新登录', 'unauthenticated');
  }
  const { body, accept } = init;
  const headers: Record<string, string> = { accept, authorization: `Bearer ${user.id_token}` };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await request(`/api/staff${path}`, { method: body === undefined ? 'GET' : 'POST', headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 401) {
    const error = toApiError(res.status, await res.json().catch(() => undefined));
    await (await userManager()).removeUser();
    showSignIn(error.message);
    throw error;
  }
  return res;
}

/** A staff API call with the token; JSON in and out. */
export async function staffApi<T>(path: string, body?: unknown): Promise<T> {
  const res = await authorized(path, { body, accept: 'application/json' });
  const data: unknown = await res.json().catch(() => undefined);
  if (res.ok) return data as T;
  throw toApiError(res.status, data);
}

/** A file the staff API renders on the spot (a draft's preview), as a Blob. */
export async function staffFile(path: string): Promise<Blob> {
  const res = await authorized(path, { accept: '*/*' });
  if (res.ok) return res.blob();
  throw toApiError(res.status, await res.json().catch(() => undefined));
}

// ───────── the sign-in screen (in StaffLayout) ─────────

let wired = false;

/** Shows the sign-in screen instead of the page: one button, to the issuer's login page and back here. */
function showSignIn(message?: string): void {
  $('app').hidden = true;
  $('user-box').hidden = true;
  $('signin').hidden = false;
  const error = $('signin-error');
  fill(error, message ?? '');
  error.hidden = !message;
  const button = $<HTMLButtonElement>('signin-button');
  if (!wired) {
    wired = true;
    button.addEventListener('click', () => {
      button.disabled = true;
      signIn().catch((e: unknown) => {
        button.disabled = false;
        fill(error, (e as Error).message || '统一身份认证服务暂时无法连接，请稍后再试');
        error.hidden = false;
        error.focus();
      });
    });
  }
  (message ? error : button).focus();
}

async function signIn(): Promise<void> {
  const manager = await userManager();
  // Only ever come back to a staff page of this site.
  const returnTo = location.pathname.startsWith('/staff/') && location.pathname !== CALLBACK_PATH ? location.pathname + location.search : '/staff/';
  await manager.signinRedirect({ state: { returnTo } });
}

/** On /staff/callback/: checks the answer (state, PKCE, nonce via oidc-client-ts); answers where to go next. */
export async function finishSignIn(): Promise<string> {
  const params = new URLSearchParams(location.search);
  if (params.get('error')) throw new Error(`登录没有完成（${params.get('error_description') || params.get('error')}），请重新登录`);
  try {
    const user = await (await userManager()).signinRedirectCallback();
    const returnTo = (user.state as { returnTo?: string } | undefined)?.returnTo ?? '/staff/';
    return returnTo.startsWith('/staff/') && !returnTo.startsWith(CALLBACK_PATH) ? returnTo : '/staff/';
  } catch {
    throw new Error('登录请求已过期或不是从本页面发起的，请重新登录');
  }
}

/** Signs out here, in every tab of this browser, and at the issuer (which ends the user's other sessions). */
async function signOut(): Promise<void> {
  const manager = await userManager();
  const logoutUri = `${location.origin}/staff/`;
  sessionStorage.setItem(SIGNED_OUT_KEY, '1');
  // Cognito's /logout takes the client id and logout_uri; a standard end_session_endpoint takes the hint.
  await manager.signoutRedirect(signOutUrl ? { extraQueryParams: { client_id: manager.settings.client_id, logout_uri: logoutUri } } : {});
}

// ───────── the signed-in session ─────────

/** Signs in if needed, then answers who the user is and shows the page. */
export async function session(): Promise<Me> {
  watchOtherTabs();
  let user: User | null;
  try {
    user = await currentUser();
  } catch (e) {
    showSignIn((e as Error).message);
    return new Promise<Me>(() => undefined);
  }
  if (!user) {
    const signedOut = sessionStorage.getItem(SIGNED_OUT_KEY);
    sessionStorage.removeItem(SIGNED_OUT_KEY);
    showSignIn(signedOut ? '您已退出登录。' : undefined);
    return new Promise<Me>(() => undefined); // the page continues after the round trip to the issuer
  }
  try {
    const me = await staffApi<Me>('/me');
    showUser(me);
    return me;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return new Promise<Me>(() => undefined);
    $('signin').hidden = true;
    const app = $('app');
    app.hidden = false;
    fill(app, h('div', { class: 'console-status error', role: 'alert' }, (e as Error).message));
    throw e;
  }
}

let watching = false;
/** Signing out in another tab (its stored user removed) signs this tab out too. */
function watchOtherTabs(): void {
  if (watching) return;
  watching = true;
  addEventListener('storage', (event) => {
    if (event.key?.startsWith('oidc.user:') && event.newValue === null) {
      void userManager()
        .then((m) => m.stopSilentRenew())
        .finally(() => showSignIn('您已在其他页面退出登录。'));
    }
  });
}

function showUser(me: Me): void {
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
  const button = $<HTMLButtonElement>('sign-out');
  button.addEventListener('click', () => {
    button.disabled = true;
    signOut().catch(() => {
      // The issuer is out of reach: the session here ends anyway.
      void userManager()
        .then((m) => m.removeUser())
        .finally(() => location.assign('/staff/'));
    });
  });
}
