import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshStack } from '../support/local-stack';
import { signIn } from '../support/staff-client';

// The local stack works at whatever loopback address it is reached by, and its issuer validates its input.

let stack: Awaited<ReturnType<typeof freshStack>>;
beforeAll(async () => {
  stack = await freshStack();
});
afterAll(async () => stack?.dispose());

const at127 = () => stack.url.replace('localhost', '127.0.0.1');

describe('the local issuer', () => {
  it('signs staff in at 127.0.0.1 as at localhost, naming the address it was reached at', async () => {
    for (const base of [stack.url, at127()]) {
      const config = await (await fetch(`${base}/api/staff/config`)).json();
      expect(config.issuer).toBe(`${base}/local-oidc`);
      const discovery = await (await fetch(`${config.issuer}/.well-known/openid-configuration`)).json();
      expect(discovery.token_endpoint.startsWith(base)).toBe(true);
      const staff = await signIn(base, 'minhang');
      const me = await staff.get('/me');
      expect(me.status).toBe(200);
      expect(me.body.authority).toBe('district:minhang');
    }
  });

  it.each([
    ['a password that is an object', { username: 'admin', password: { toString: 1 } }, 'password'],
    ['a password that is an array', { username: 'admin', password: ['admin-local'] }, 'password'],
    ['a username that is a number', { username: 7, password: 'admin-local' }, 'username'],
    ['no body', null, undefined],
  ])('answers %s with a Chinese 400 and no token', async (_name, body, field) => {
    const res = await fetch(`${stack.url}/local-oidc/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status).toBe(400);
    const answer = await res.json();
    expect(answer.error.code).toBe('invalid_input');
    expect(answer.error.message).toMatch(/[\u4e00-\u9fff]/);
    if (field) expect(answer.error.field).toBe(field);
    expect(answer).not.toHaveProperty('id_token');
  });
});
