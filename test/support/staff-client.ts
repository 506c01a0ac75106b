/** Signs in with a seeded local account through the local OIDC issuer and calls the staff API as that user. */
export async function signIn(base: string, username: string, password = `${username.replace(/\d+$/, '')}-local`) {
  const res = await fetch(`${base}/local-oidc/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in as ${username} answered ${res.status}`);
  const { id_token } = (await res.json()) as { id_token: string };
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
