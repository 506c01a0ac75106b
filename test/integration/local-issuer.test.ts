import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE } from '../../functions/local/oidc-issuer';
import { freshStack } from '../support/local-stack';
import { signIn, signInTokens, staffClient } from '../support/staff-client';

// The local stack is an OIDC issuer for its seeded accounts, at whatever loopback address it is reached by:
// discovery, a login page under the site's CSP, authorization code + PKCE, refresh, revocation and end-session.

let stack: Awaited<ReturnType<typeof freshStack>>;
beforeAll(async () => {
  stack = await freshStack();
});
afterAll(async () => stack?.dispose());

const at127 = () => stack.url.replace('localhost', '127.0.0.1');
const form = (body: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body) });

function authorizeParams(base: string, verifier = randomBytes(32).toString('base64url')) {
  return {
    verifier,
    params: {
      response_type: 'code',
      client_id: LOCAL_AUDIENCE,
      redirect_uri: `${base}/staff/callback/`,
      scope: 'openid profile',
      state: 'st-1',
      nonce: 'n-1',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    },
  };
}

describe('the local issuer', () => {
  it('signs staff in at 127.0.0.1 as at localhost, naming the address it was reached at in every endpoint', async () => {
    for (const base of [stack.url, at127()]) {
      const config = await (await fetch(`${base}/api/staff/config`)).json();
      expect(config.issuer).toBe(`${base}/local-oidc`);
      const discovery = await (await fetch(`${config.issuer}/.well-known/openid-configuration`)).json();
      expect(discovery.issuer).toBe(config.issuer);
      for (const endpoint of ['authorization_endpoint', 'token_endpoint', 'end_session_endpoint', 'revocation_endpoint', 'jwks_uri']) {
        expect(discovery[endpoint].startsWith(`${base}/local-oidc/`), endpoint).toBe(true);
      }
      expect(discovery.code_challenge_methods_supported).toEqual(['S256']);
      expect(discovery.grant_types_supported).toEqual(['authorization_code', 'refresh_token']);
      const staff = await signIn(base, 'minhang');
      const me = await staff.get('/me');
      expect(me.status).toBe(200);
      expect(me.body.authority).toBe('district:minhang');
    }
  });

  it('serves its login page under the strict CSP, with no inline script or style', async () => {
    const { params } = authorizeParams(stack.url);
    const res = await fetch(`${stack.url}/local-oidc/authorize?${new URLSearchParams(params)}`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    const page = await res.text();
    expect(page).toContain('<label for="username">用户名</label>');
    expect(page).not.toMatch(/<script|<style|\sstyle="/);
    expect(page).toContain('<link rel="stylesheet" href="/local-oidc/login.css"');
    expect((await fetch(`${stack.url}/local-oidc/login.css`)).headers.get('content-type')).toContain('text/css');
  });

  it('refuses an authorization request without PKCE, or sending the user elsewhere, with a Chinese page and no redirect', async () => {
    const { params } = authorizeParams(stack.url);
    for (const [bad, message] of [
      [{ ...params, code_challenge_method: 'plain' }, 'S256'],
      [{ ...params, code_challenge: '' }, 'code_challenge'],
      [{ ...params, redirect_uri: 'https://evil.example/staff/callback/' }, 'redirect_uri'],
      [{ ...params, redirect_uri: `${stack.url}/report/` }, 'redirect_uri'],
      [{ ...params, client_id: 'someone-else' }, 'client_id'],
    ] as const) {
      const res = await fetch(`${stack.url}/local-oidc/authorize`, { ...form({ ...bad, username: 'minhang', password: 'minhang-local' }), redirect: 'manual' });
      expect(res.status, message).toBe(400);
      expect(await res.text()).toContain(message);
    }
  });

  it.each([
    ['no username', { password: 'admin-local' }, '请填写用户名', 400],
    ['no password', { username: 'admin' }, '请填写密码', 400],
    ['a password that is too long', { username: 'admin', password: 'x'.repeat(201) }, '密码最多 200 个字符', 400],
    ['a wrong password', { username: 'admin', password: 'admin-locall' }, '用户名或密码不正确', 401],
  ])('answers %s with the form again, a Chinese message and no code', async (_name, fields, message, status) => {
    const { params } = authorizeParams(stack.url);
    const res = await fetch(`${stack.url}/local-oidc/authorize`, { ...form({ ...params, ...fields } as Record<string, string>), redirect: 'manual' });
    expect(res.status).toBe(status);
    expect(res.headers.get('location')).toBeNull();
    const page = await res.text();
    expect(page).toContain(message);
    expect(page).toContain('role="alert"');
  });

  it('exchanges a code once, only with its PKCE verifier and redirect address', async () => {
    const { params, verifier } = authorizeParams(stack.url);
    const code = async () => {
      const res = await fetch(`${stack.url}/local-oidc/authorize`, { ...form({ ...params, username: 'pudong', password: 'pudong-local' }), redirect: 'manual' });
      const back = new URL(res.headers.get('location')!);
      expect(back.searchParams.get('state')).toBe('st-1');
      return back.searchParams.get('code')!;
    };
    const exchange = (c: string, v: string, redirect = params.redirect_uri) =>
      fetch(`${stack.url}/local-oidc/token`, form({ grant_type: 'authorization_code', code: c, code_verifier: v, redirect_uri: redirect, client_id: LOCAL_AUDIENCE }));
    const wrong = await exchange(await code(), randomBytes(32).toString('base64url'));
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).error_description).toContain('PKCE');
    const elsewhere = await exchange(await code(), verifier, `${stack.url}/staff/`);
    expect(elsewhere.status).toBe(400);
    const once = await code();
    const ok = await exchange(once, verifier);
    expect(ok.status).toBe(200);
    const tokens = await ok.json();
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, id_token: expect.any(String), refresh_token: expect.any(String) });
    const claims = JSON.parse(Buffer.from(tokens.id_token.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ iss: `${stack.url}/local-oidc`, aud: LOCAL_AUDIENCE, nonce: 'n-1', sub: 'local-pudong' });
    expect((await exchange(once, verifier)).status).toBe(400); // a code works once
  });

  it('renews with the refresh token until the user signs out, which ends every session of theirs', async () => {
    const first = await signInTokens(stack.url, 'minhang2', 'minhang-local');
    const second = await signInTokens(stack.url, 'minhang2', 'minhang-local'); // another browser
    const other = await signInTokens(stack.url, 'pudong');
    const refresh = (token: string) => fetch(`${stack.url}/local-oidc/token`, form({ grant_type: 'refresh_token', refresh_token: token, client_id: LOCAL_AUDIENCE }));
    const renewed = await refresh(first.refresh_token);
    expect(renewed.status).toBe(200);
    const { id_token } = await renewed.json();
    expect((await staffClient(stack.url, id_token).get('/me')).body.name).toBe('闵行区人社局 李强');

    const end = await fetch(`${stack.url}/local-oidc/end-session?${new URLSearchParams({ id_token_hint: first.id_token, post_logout_redirect_uri: `${stack.url}/staff/`, state: 's' })}`, { redirect: 'manual' });
    expect(end.status).toBe(302);
    expect(end.headers.get('location')).toBe(`${stack.url}/staff/?state=s`);
    for (const token of [first.refresh_token, second.refresh_token]) {
      const res = await refresh(token);
      expect(res.status).toBe(400);
      expect((await res.json()).error).toBe('invalid_grant');
    }
    // Someone else's session goes on.
    expect((await refresh(other.refresh_token)).status).toBe(200);
    // A revoked refresh token stops working too.
    await fetch(`${stack.url}/local-oidc/revoke`, form({ token: other.refresh_token, token_type_hint: 'refresh_token', client_id: LOCAL_AUDIENCE }));
    expect((await refresh(other.refresh_token)).status).toBe(400);
  });

  it('never sends a signed-out user to another site', async () => {
    const end = await fetch(`${stack.url}/local-oidc/end-session?post_logout_redirect_uri=${encodeURIComponent('https://evil.example/')}`, { redirect: 'manual' });
    expect(end.status).toBe(200);
    expect(await end.text()).toContain('已退出登录');
  });
});
