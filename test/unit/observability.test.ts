import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { loggable, PrivateLogFormatter, REDACTED, scrub } from '../../functions/adapters/log-privacy';
import { correlationId, lambdaHandler } from '../../functions/adapters/observability';

const formatter = new PrivateLogFormatter(() => undefined);
const clean = (value: unknown) => loggable(value, (error) => formatter.formatError(error));

describe('the log formatter', () => {
  it('scrubs phone numbers, e-mail addresses, identity numbers, receipt secrets and tokens from any string', () => {
    expect(scrub('call +86 138 0013 8000 or 13912345678 or 021-64871234')).toBe('call [phone] or [phone] or [phone]');
    expect(scrub('mail li.ming@example.org now')).toBe('mail [email] now');
    expect(scrub('id 31010519900307123X')).toBe('id [id-number]');
    expect(scrub('secret K7QM2XV9PD3HTW8B ok')).toBe('secret [secret] ok');
    expect(scrub('Authorization: Bearer abcdefghijklmnop')).toBe('Authorization: [token]');
    expect(scrub('eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln')).toBe('[token]');
  });

  it('replaces Chinese text by its length and quoted excerpts by a marker, and keeps what operators need', () => {
    expect(scrub('朋友圈广告说证书包过')).toBe('[text:10]');
    expect(scrub('Unexpected token, "the reporter typed this" is not valid JSON')).toBe('Unexpected token, "[quoted]" is not valid JSON');
    const plain = 'POST /api/reports/:code/evidence 201 in 35 ms, ABCD-EFGH-JKMN, 2026-03-02T02:00:00.000Z, 6f5fa442-6869-4f57-b4c2-6c84b16a456f';
    expect(scrub(plain)).toBe(plain);
  });

  it('writes only the keys on its list, at any depth, and errors without what they carry', () => {
    const sdkError = Object.assign(new Error('The conditional request failed'), {
      name: 'ConditionalCheckFailedException',
      $metadata: { httpStatusCode: 400, requestId: 'R1' },
      Item: { description: { S: '内容' } },
      $response: { body: 'raw' },
    });
    const out = clean({ route: '/api/track', status: 404, description: 'x', contact: { phone: '1' }, job: { id: 'j', rows: 3 }, error: sdkError }) as Record<string, any>;
    expect(out).toMatchObject({ route: '/api/track', status: 404, description: REDACTED, contact: REDACTED, job: { id: REDACTED, rows: 3 } });
    expect(out.error).toMatchObject({ name: 'ConditionalCheckFailedException', message: 'The conditional request failed', httpStatusCode: 400, requestId: 'R1' });
    expect(JSON.stringify(out.error)).not.toMatch(/Item|raw|内容/);
    const nested = clean({ error: new Error('outer', { cause: new Error('inner 13912345678') }) }) as Record<string, any>;
    expect(nested.error.cause.message).toBe('inner [phone]');
  });
});

describe('the Lambda handler wrapper', () => {
  const context = { awsRequestId: 'req-1', functionName: 'f', invokedFunctionArn: 'arn', memoryLimitInMB: '512' } as unknown as Context;

  it('runs the invocation under the id the event carries, else the invocation id, and rethrows what fails', async () => {
    const seen: (string | undefined)[] = [];
    const handler = lambdaHandler(async (event: { correlationId?: string }) => void seen.push(correlationId()), (event) => event.correlationId);
    await handler({ correlationId: 'from-the-api' }, context);
    await handler({}, context);
    expect(seen).toEqual(['from-the-api', 'req-1']);
    expect(correlationId()).toBeUndefined();
    await expect(lambdaHandler(async () => Promise.reject(new Error('boom')))({}, context)).rejects.toThrow('boom');
  });
});

describe('the functions’ code', () => {
  const root = new URL('../../functions/', import.meta.url).pathname;
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  const source = (f: string) => readFileSync(join(root, f), 'utf8');

  it('makes every AWS SDK client in the clients module, which traces it', () => {
    const elsewhere = files.filter((f) => !/^adapters\/(clients|client-factories)\.ts$/.test(f) && /new \w+Client\(/.test(source(f)));
    expect(elsewhere).toEqual([]);
  });

  it('logs through the logger wherever it runs on Lambda (console only in the commands and `npm start`)', () => {
    const consoleUsers = files.filter((f) => /console\.(log|info|warn|error)\(/.test(source(f)));
    expect(consoleUsers.filter((f) => !/^(cli\/|local\/start\.ts$|core\/triage\/build-exemplars\.ts$)/.test(f))).toEqual([]);
  });
});
