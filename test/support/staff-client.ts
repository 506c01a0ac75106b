import { createHash, randomBytes } from 'node:crypto';
import { LOCAL_AUDIENCE } from '../../functions/local/oidc-issuer';

/**
 * Signs in with a seeded local account as the console does, over HTTP: the authorization request with a PKCE
 * challenge, the login form posted to the local issuer, the code exchanged with its verifier. Returns the tokens.
 */
export async function signInTokens(base: string, username: string, password = `${username.replace(/\d+$/, '')}-local`) {
  const issuer = `${base}/local-oidc`;
  const verifier = randomBytes(32).toString('base64url');
  const request = {
    response_type: 'code',
    client_id: LOCAL_AUDIENCE,
    redirect_uri: `${base}/staff/callback/`,
    scope: 'openid profile email',
    state: randomBytes(8).toString('hex'),
    nonce: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  };
  const login = await fetch(`${issuer}/authorize`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...request, username, password }),
  });
  if (login.status !== 302) throw new Error(`sign-in as ${username} answered ${login.status}`);
  const back = new URL(login.headers.get('location')!);
  if (back.searchParams.get('state') !== request.state) throw new Error('the issuer sent back another state');
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: back.searchParams.get('code')!, redirect_uri: request.redirect_uri, client_id: LOCAL_AUDIENCE, code_verifier: verifier }),
  });
  if (res.status !== 200) throw new Error(`the code exchange for ${username} answered ${res.status}`);
  return (await res.json()) as { id_token: string; access_token: string; refresh_token: string; expires_in: number };
}

/** Signs in with a seeded local account through the local OIDC issuer and calls the staff API as that user. */
export async function signIn(base: string, username: string, password?: string) {
  const { id_token } = await signInTokens(base, username, password);
  return staffClient(base, id_token);
}

export function staffClient(base: string, token: string | undefined) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/api/staff${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  return {
    token,
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown) => call('POST', path, body),
    act: (code: string, version: number, action: unknown) => call('POST', `/reports/${code}/actions`, { version, action }),
  };
}
