import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Hono, type Context } from 'hono';
import { html, raw } from 'hono/html';
import { exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import * as z from 'zod';
import { firstError } from '../core/schemas/common';

// Under `npm start` the local stack is the OIDC issuer for the seeded staff accounts below, speaking the same
// protocol the console speaks to Cognito or another OIDC provider in production: discovery, the authorization
// endpoint (a login page of its own, under the site's strict CSP), authorization code + PKCE (S256) at the token
// endpoint, refresh tokens, revocation and end-session. Tokens it signs are verified by the staff API exactly as
// Cognito's are: discovery → JWKS → signature, issuer, audience, expiry, groups.

export const LOCAL_AUDIENCE = 'local-staff-console';
export const LOCAL_GROUPS_CLAIM = 'cognito:groups';

/** Local-only accounts (README lists them). Never used outside `npm start` and the tests. */
export const LOCAL_ACCOUNTS = [
  { username: 'minhang', password: 'minhang-local', name: '闵行区人社局 王敏', groups: ['district:minhang'] },
  { username: 'minhang2', password: 'minhang-local', name: '闵行区人社局 李强', groups: ['district:minhang'] },
  { username: 'minhang-lead', password: 'minhang-lead-local', name: '闵行区人社局 赵科长', groups: ['district:minhang', 'contact-access'] },
  { username: 'pudong', password: 'pudong-local', name: '浦东新区人社局 陈静', groups: ['district:pudong'] },
  { username: 'municipal', password: 'municipal-local', name: '市职鉴中心 周伟', groups: ['municipal'] },
  { username: 'admin', password: 'admin-local', name: '系统管理员', groups: ['admin', 'municipal'] },
] as const;
type Account = (typeof LOCAL_ACCOUNTS)[number];

async function loadOrCreateKey(path: string): Promise<JWK> {
  if (existsSync(path)) return JSON.parse(await readFile(path, 'utf8')) as JWK;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now()}`, alg: 'ES256', use: 'sig' };
  await writeFile(path, JSON.stringify(jwk), { mode: 0o600 });
  return jwk;
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
const randomToken = () => randomBytes(32).toString('base64url');
const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

export const LOCAL_ISSUER_PATH = '/local-oidc';

/**
 * The issuer is the address the browser reached the stack at (localhost, 127.0.0.1…): the console then signs
 * in on its own origin, which the Content-Security-Policy allows, whatever address that is.
 */
export const localIssuerAt = (origin: string) => `${origin}${LOCAL_ISSUER_PATH}`;
const issuerOf = (url: string) => localIssuerAt(new URL(url).origin);

/** Accepts tokens of this issuer reached at any local address (they are all signed with the one local key). */
export const isLocalIssuer = (iss: string) => /^http:\/\/[^/]+\/local-oidc$/.test(iss);

const loginSchema = z.object(
  {
    username: z.string({ error: '请填写用户名' }).trim().min(1, { error: '请填写用户名' }).max(64, { error: '用户名最多 64 个字符' }),
    password: z.string({ error: '请填写密码（文字）' }).min(1, { error: '请填写密码' }).max(200, { error: '密码最多 200 个字符' }),
  },
  { error: '请提交用户名和密码' },
);

/** The authorization request, as the console's OIDC client sends it (code flow, PKCE S256 required). */
const authorizeSchema = z.object({
  response_type: z.literal('code', { error: '只支持授权码方式登录（response_type=code）' }),
  client_id: z.literal(LOCAL_AUDIENCE, { error: `客户端（client_id）应为 ${LOCAL_AUDIENCE}` }),
  redirect_uri: z.string({ error: '缺少登录后返回的地址（redirect_uri）' }).max(500),
  scope: z.string().max(200).optional(),
  state: z.string().max(500).optional(),
  nonce: z.string().max(200).optional(),
  code_challenge: z.string({ error: '缺少 PKCE 校验值（code_challenge）' }).regex(/^[A-Za-z0-9_-]{43,128}$/, { error: 'PKCE 校验值（code_challenge）格式不对' }),
  code_challenge_method: z.literal('S256', { error: 'PKCE 只支持 S256（code_challenge_method=S256）' }),
});
type AuthorizeRequest = z.infer<typeof authorizeSchema>;

/** Where the console may be sent back to: a staff page of the address the issuer was reached at. */
function consoleAddress(url: string, requestUrl: string): URL | null {
  try {
    const target = new URL(url);
    return target.origin === new URL(requestUrl).origin && target.pathname.startsWith('/staff/') ? target : null;
  } catch {
    return null;
  }
}

export interface LocalIssuerOptions {
  /** How long ID and access tokens live (default one hour); refresh tokens live eight hours. */
  tokenSeconds?: number;
}

const REFRESH_SECONDS = 8 * 3600;
const CODE_SECONDS = 60;

const LOGIN_CSS = `
body{margin:0;font-family:"Noto Sans CJK SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",sans-serif;background:#f6f8fb;color:#1b1b1b;line-height:1.6}
header{background:#0b3f73;color:#fff;padding:.6rem 1rem}header p{margin:0;font-weight:700}
main{max-width:26rem;margin:2rem auto;padding:1.25rem 1.5rem;background:#fff;border:1px solid #c7cfdb;border-radius:6px}
h1{font-size:1.4rem;margin:0 0 .5rem}label{display:block;font-weight:700;margin:.8rem 0 .2rem}
input{box-sizing:border-box;width:100%;font:inherit;min-height:44px;padding:.35rem .6rem;border:2px solid #5c6b7a;border-radius:6px}
input:focus-visible,button:focus-visible{outline:3px solid #ffbf47;outline-offset:1px}
button{margin-top:1.2rem;font:inherit;font-weight:700;min-height:44px;padding:.35rem 1.4rem;background:#0b3f73;color:#fff;border:0;border-radius:6px;cursor:pointer}
.error{border-left:5px solid #b00020;background:#fdecee;color:#8a0018;font-weight:700;padding:.5rem .8rem;margin:.5rem 0}
.muted{color:#4a5562;font-size:.9rem}
@media (max-width:30rem){main{margin:1rem .75rem;padding:1rem}}
`;

export async function localIssuer(keyPath: string, options: LocalIssuerOptions = {}) {
  const tokenSeconds = options.tokenSeconds ?? 3600;
  const privateJwk = await loadOrCreateKey(keyPath);
  const privateKey = await importJWK(privateJwk, 'ES256');
  const { d: _private, ...publicJwk } = privateJwk;
  const publicKey = await importJWK(publicJwk, 'ES256');
  /** Codes issued and not yet exchanged (one minute, once). */
  const codes = new Map<string, { request: AuthorizeRequest; account: Account; issuer: string; expires: number; authTime: number }>();
  /** Refresh tokens in force, until they expire, are revoked, or their user signs out. */
  const refreshTokens = new Map<string, { account: Account; expires: number; authTime: number; scope: string }>();

  const sign = (account: Account, issuer: string, authTime: number, extra: Record<string, unknown> = {}) =>
    new SignJWT({ name: account.name, [LOCAL_GROUPS_CLAIM]: [...account.groups], auth_time: authTime, ...extra })
      .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid })
      .setIssuer(issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject(`local-${account.username}`)
      .setIssuedAt()
      .setExpirationTime(`${tokenSeconds}s`)
      .sign(privateKey);

  const tokens = async (account: Account, issuer: string, authTime: number, scope: string, refreshToken: string, nonce?: string) => ({
    id_token: await sign(account, issuer, authTime, nonce ? { nonce } : {}),
    access_token: await sign(account, issuer, authTime, { token_use: 'access', client_id: LOCAL_AUDIENCE, scope }),
    refresh_token: refreshToken,
    token_type: 'Bearer',
    expires_in: tokenSeconds,
    scope,
  });

  const oauthError = (c: Context, status: 400 | 401, error: string, description: string) => c.json({ error, error_description: description }, status);

  const page = (c: Context, status: 200 | 400 | 401, title: string, body: ReturnType<typeof html>) => {
    c.header('Cache-Control', 'no-store');
    return c.html(
      html`<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="robots" content="noindex, nofollow" />
    <title>${title} - 本地统一身份认证（仅用于开发）</title>
    <link rel="stylesheet" href="${LOCAL_ISSUER_PATH}/login.css" />
  </head>
  <body>
    <header><p>本地统一身份认证（仅用于开发和测试）</p></header>
    <main>${body}</main>
  </body>
</html>`,
      status,
    );
  };

  const loginForm = (c: Context, request: AuthorizeRequest, status: 200 | 400 | 401, error?: string, username = '') =>
    page(
      c,
      status,
      '工作人员登录',
      html`<h1>工作人员登录</h1>
        <p class="muted">技能评价违规举报平台的本地测试账号（见 README）。</p>
        ${error ? html`<p class="error" role="alert" id="login-error">${error}</p>` : ''}
        <form method="post" action="${LOCAL_ISSUER_PATH}/authorize" novalidate>
          ${Object.entries(request)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => html`<input type="hidden" name="${k}" value="${String(v)}" />`)}
          <label for="username">用户名</label>
          <input type="text" id="username" name="username" autocomplete="username" autocapitalize="off" spellcheck="false" required value="${username}" ${error ? '' : raw('autofocus')} ${error ? raw('aria-describedby="login-error"') : ''} />
          <label for="password">密码</label>
          <input type="password" id="password" name="password" autocomplete="current-password" required ${error ? raw('autofocus aria-describedby="login-error"') : ''} />
          <button type="submit">登录</button>
        </form>`,
    );

  /** Checks an authorization request; a bad one is shown as a page, never sent back to an address not checked. */
  const authorizeRequest = (c: Context, params: Record<string, unknown>) => {
    const parsed = authorizeSchema.safeParse(params);
    if (!parsed.success) return { error: page(c, 400, '登录请求有误', html`<h1>登录请求有误</h1><p class="error" role="alert">${firstError(parsed.error).message}</p><p><a href="/staff/">返回工作人员后台</a></p>`) };
    if (!consoleAddress(parsed.data.redirect_uri, c.req.url)) {
      return { error: page(c, 400, '登录请求有误', html`<h1>登录请求有误</h1><p class="error" role="alert">登录后返回的地址（redirect_uri）应为本站的工作人员后台页面</p><p><a href="/staff/">返回工作人员后台</a></p>`) };
    }
    return { request: parsed.data };
  };

  const app = new Hono();
  app.get('/.well-known/openid-configuration', (c) => {
    const issuer = issuerOf(c.req.url);
    return c.json({
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      end_session_endpoint: `${issuer}/end-session`,
      revocation_endpoint: `${issuer}/revoke`,
      jwks_uri: `${issuer}/jwks.json`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      subject_types_supported: ['public'],
      scopes_supported: ['openid', 'profile', 'email'],
      token_endpoint_auth_methods_supported: ['none'],
      id_token_signing_alg_values_supported: ['ES256'],
    });
  });
  app.get('/jwks.json', (c) => c.json({ keys: [publicJwk] }));
  app.get('/login.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    return c.body(LOGIN_CSS);
  });

  app.get('/authorize', (c) => {
    const checked = authorizeRequest(c, c.req.query());
    return checked.error ?? loginForm(c, checked.request, 200);
  });

  app.post('/authorize', async (c) => {
    const form = (await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>;
    const { username, password, ...params } = form;
    const checked = authorizeRequest(c, params);
    if (checked.error) return checked.error;
    const { request } = checked;
    const login = loginSchema.safeParse({ username, password });
    if (!login.success) return loginForm(c, request, 400, firstError(login.error).message, typeof username === 'string' ? username : '');
    const account = LOCAL_ACCOUNTS.find((a) => a.username === login.data.username);
    if (!account || !sameText(account.password, login.data.password)) return loginForm(c, request, 401, '用户名或密码不正确', login.data.username);
    const code = randomToken();
    codes.set(code, { request, account, issuer: issuerOf(c.req.url), expires: Date.now() + CODE_SECONDS * 1000, authTime: Math.floor(Date.now() / 1000) });
    const back = new URL(request.redirect_uri);
    back.searchParams.set('code', code);
    if (request.state !== undefined) back.searchParams.set('state', request.state);
    return c.redirect(back.toString(), 302);
  });

  app.post('/token', async (c) => {
    c.header('Cache-Control', 'no-store');
    const form = (await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>;
    const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : undefined);
    const issuer = issuerOf(c.req.url);
    if (text('client_id') !== LOCAL_AUDIENCE) return oauthError(c, 401, 'invalid_client', `客户端（client_id）应为 ${LOCAL_AUDIENCE}`);
    const grant = text('grant_type');
    if (grant === 'authorization_code') {
      const code = text('code') ?? '';
      const issued = codes.get(code);
      codes.delete(code); // once only
      if (!issued || issued.expires < Date.now()) return oauthError(c, 400, 'invalid_grant', '授权码无效或已过期，请重新登录');
      if (text('redirect_uri') !== issued.request.redirect_uri) return oauthError(c, 400, 'invalid_grant', '返回地址（redirect_uri）与登录请求不一致');
      const verifier = text('code_verifier') ?? '';
      if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || !sameText(s256(verifier), issued.request.code_challenge)) {
        return oauthError(c, 400, 'invalid_grant', 'PKCE 校验失败（code_verifier 与 code_challenge 不符），请重新登录');
      }
      const scope = issued.request.scope ?? 'openid';
      const refresh = randomToken();
      refreshTokens.set(refresh, { account: issued.account, expires: Date.now() + REFRESH_SECONDS * 1000, authTime: issued.authTime, scope });
      return c.json(await tokens(issued.account, issued.issuer, issued.authTime, scope, refresh, issued.request.nonce));
    }
    if (grant === 'refresh_token') {
      const refresh = text('refresh_token') ?? '';
      const held = refreshTokens.get(refresh);
      if (!held || held.expires < Date.now()) {
        refreshTokens.delete(refresh);
        return oauthError(c, 400, 'invalid_grant', '登录已结束（已退出或已过期），请重新登录');
      }
      // Not rotated: two tabs renewing at the same moment both succeed.
      return c.json(await tokens(held.account, issuer, held.authTime, held.scope, refresh));
    }
    return oauthError(c, 400, 'unsupported_grant_type', '只支持 authorization_code 和 refresh_token');
  });

  app.post('/revoke', async (c) => {
    const form = (await c.req.parseBody().catch(() => ({}))) as Record<string, unknown>;
    if (typeof form.token === 'string') refreshTokens.delete(form.token);
    return c.body(null, 200);
  });

  // Ends the user's session everywhere: every refresh token of theirs stops working, so no tab or browser can
  // renew; then back to the console.
  app.get('/end-session', async (c) => {
    const hint = c.req.query('id_token_hint');
    if (hint) {
      try {
        const { payload } = await jwtVerify(hint, publicKey, { audience: LOCAL_AUDIENCE, clockTolerance: REFRESH_SECONDS });
        for (const [token, held] of refreshTokens) if (`local-${held.account.username}` === payload.sub) refreshTokens.delete(token);
      } catch {
        // not one of ours: nothing to end
      }
    }
    const back = consoleAddress(c.req.query('post_logout_redirect_uri') ?? '', c.req.url);
    if (back) {
      const state = c.req.query('state');
      if (state) back.searchParams.set('state', state);
      return c.redirect(back.toString(), 302);
    }
    return page(c, 200, '已退出登录', html`<h1>已退出登录</h1><p><a href="/staff/">重新登录</a></p>`);
  });
  return app;
}
