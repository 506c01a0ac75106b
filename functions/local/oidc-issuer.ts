import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import * as z from 'zod';
import { firstError } from '../core/schemas/common';

// Under `npm start` the local stack is the OIDC issuer for the seeded staff accounts below. Tokens it signs are
// verified by the staff API exactly as Cognito's are in production: discovery → JWKS → signature, issuer,
// audience, expiry, groups.

export const LOCAL_AUDIENCE = 'local-staff-console';
export const LOCAL_GROUPS_CLAIM = 'cognito:groups';

/** Local-only accounts (README lists them). Never used outside `npm start` and the tests. */
export const LOCAL_ACCOUNTS = [
  { username: 'minhang', password: 'minhang-local', name: '闵行区人社局 王敏', groups: ['district:minhang'] },
  { username: 'minhang2', password: 'minhang-local', name: '闵行区人社局 李强', groups: ['district:minhang'] },
  { username: 'pudong', password: 'pudong-local', name: '浦东新区人社局 陈静', groups: ['district:pudong'] },
  { username: 'municipal', password: 'municipal-local', name: '市职鉴中心 周伟', groups: ['municipal'] },
  { username: 'admin', password: 'admin-local', name: '系统管理员', groups: ['admin', 'municipal'] },
] as const;

async function loadOrCreateKey(path: string): Promise<JWK> {
  if (existsSync(path)) return JSON.parse(await readFile(path, 'utf8')) as JWK;
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: `local-${Date.now()}`, alg: 'ES256', use: 'sig' };
  await writeFile(path, JSON.stringify(jwk), { mode: 0o600 });
  return jwk;
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

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

export async function localIssuer(keyPath: string) {
  const privateJwk = await loadOrCreateKey(keyPath);
  const privateKey = await importJWK(privateJwk, 'ES256');
  const { d: _private, ...publicJwk } = privateJwk;
  const app = new Hono();
  app.get('/.well-known/openid-configuration', (c) => {
    const issuer = issuerOf(c.req.url);
    return c.json({ issuer, jwks_uri: `${issuer}/jwks.json`, token_endpoint: `${issuer}/token`, id_token_signing_alg_values_supported: ['ES256'] });
  });
  app.get('/jwks.json', (c) => c.json({ keys: [publicJwk] }));
  app.post('/token', async (c) => {
    const parsed = loginSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      const { message, field } = firstError(parsed.error);
      return c.json({ error: { code: 'invalid_input', message, ...(field ? { field } : {}) } }, 400);
    }
    const issuer = issuerOf(c.req.url);
    const account = LOCAL_ACCOUNTS.find((a) => a.username === parsed.data.username);
    if (!account || !sameText(account.password, parsed.data.password)) {
      return c.json({ error: { code: 'invalid_login', message: '用户名或密码不正确' } }, 401);
    }
    const idToken = await new SignJWT({ name: account.name, [LOCAL_GROUPS_CLAIM]: [...account.groups] })
      .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid })
      .setIssuer(issuer)
      .setAudience(LOCAL_AUDIENCE)
      .setSubject(`local-${account.username}`)
      .setIssuedAt()
      .setExpirationTime('8h')
      .sign(privateKey);
    return c.json({ id_token: idToken, token_type: 'Bearer', expires_in: 8 * 3600 });
  });
  return app;
}
