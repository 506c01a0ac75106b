import { readFile } from 'node:fs/promises';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClients } from '../../functions/adapters/clients';
import { METRICS } from '../../functions/adapters/metric-names';
import { logger, metrics } from '../../functions/adapters/observability';
import { LOCAL_CREDENTIALS } from '../../functions/local/aws-local';
import { CORRELATION_HEADER } from '../../functions/api/request-context';
import { PROOF_HEADER } from '../../web/src/scripts/proof';
import { api, fileReport, freshStack } from '../support/local-stack';

// What the functions log while a real report goes through the local stack (the production apps and adapters):
// every line the logger writes in the test process is captured, at the most verbose level.

let stack: Awaited<ReturnType<typeof freshStack>>;
const lines: string[] = [];
const restore: (() => void)[] = [];

const DESCRIPTION = '群里有人卖高级电工证，说交八千块不用考试直接拿证，联系人微信号是 wx_kaozheng_88';
const PHONE = '13912345678';
const EMAIL = 'li.reporter@example.org';
const NAME = '李明华';

beforeAll(async () => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return write(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = write));
  }
  logger.setLogLevel('DEBUG');
  stack = await freshStack();
});

afterAll(async () => {
  logger.setLogLevel('WARN');
  for (const undo of restore) undo();
  await stack?.dispose();
});

const logLines = () => lines.filter((l) => l.startsWith('{') && l.includes('"level"')).map((l) => JSON.parse(l) as Record<string, unknown>);
const stored = () => {
  const emf = metrics.serializeMetrics() as unknown as Record<string, unknown>;
  return (name: string) => (emf[name] === undefined ? 0 : [emf[name]].flat().reduce((a: number, b) => a + Number(b), 0));
};

describe('what the logs hold', () => {
  it('a named report with a phone, an e-mail, a secret, a message and a refused file leaves none of them in any log line', async () => {
    metrics.clearMetrics();
    const filed = await fileReport(stack.url, {
      subjectType: 'institution',
      district: 'minhang',
      channel: 'other',
      description: DESCRIPTION,
      anonymous: false,
      contact: { name: NAME, phone: PHONE, email: EMAIL },
    });
    expect(filed.status).toBe(201);
    const { trackingCode, secret } = filed.body as { trackingCode: string; secret: string };
    const headers = { 'X-Report-Secret': secret };

    const track = await api(stack.url, '/api/track', { trackingCode, secret });
    expect(track.status).toBe(200);
    const message = await api(stack.url, `/api/reports/${trackingCode}/messages`, { text: `补充：卖证的人电话 ${PHONE}，邮箱 ${EMAIL}` }, headers);
    expect(message.status).toBe(201);
    // A refused file (an executable named .jpg) and a wrong secret: the paths that log warnings.
    const fake = await readFile(new URL('../fixtures/renamed-program.jpg', import.meta.url));
    const created = await api(stack.url, `/api/reports/${trackingCode}/evidence`, { fileName: `${NAME}的截图.jpg`, contentType: 'image/jpeg', size: fake.length }, headers);
    expect(created.status).toBe(201);
    const put = await fetch(created.body.upload.url, { method: 'PUT', headers: created.body.upload.headers, body: new Uint8Array(fake) });
    expect(put.status).toBe(200);
    const complete = await api(stack.url, `/api/reports/${trackingCode}/evidence/${created.body.evidenceId}/complete`, {}, headers);
    // Refused by this call (422) or, a moment before, by the bucket's notification (409): counted once either way.
    expect([409, 422]).toContain(complete.status);
    await expect.poll(() => stored()(METRICS.filesRefused), { timeout: 20_000 }).toBe(1);
    expect((await api(stack.url, '/api/track', { trackingCode, secret: `${secret.slice(0, -1)}${secret.endsWith('0') ? '2' : '0'}` })).status).toBe(404);
    // An unexpected failure whose error message quotes what the reporter typed.
    logger.error('request failed', { error: new SyntaxError(`Unexpected token in JSON: "${DESCRIPTION}" (${PHONE}, ${EMAIL}, ${secret})`) });
    logger.info('a careless call', { description: DESCRIPTION, contact: { name: NAME, phone: PHONE }, secret, headers });

    const all = logLines();
    // The logs are there: one line per request, with its route pattern and status.
    const requests = all.filter((l) => l.message === 'request');
    expect(requests.map((l) => `${l.method} ${l.route} ${l.status}`)).toEqual(
      expect.arrayContaining(['POST /api/reports 201', 'POST /api/track 200', 'POST /api/reports/:code/messages 201', 'POST /api/track 404']),
    );
    expect(all.some((l) => l.level === 'ERROR' && l.message === 'request failed')).toBe(true);
    const text = all.map((l) => JSON.stringify(l)).join('\n');
    for (const secretThing of [DESCRIPTION, DESCRIPTION.slice(0, 8), 'wx_kaozheng_88', PHONE, EMAIL, NAME, secret]) {
      expect(text).not.toContain(secretThing);
    }
    expect(text).not.toMatch(/\p{Script=Han}/u); // no Chinese text at all: operators' messages are English
    expect(text).toContain('[redacted]');
    expect(text).toContain('[phone]');
  });

  it('gives every request its own correlation id, in the response header and on its log line', async () => {
    const one = await fetch(`${stack.url}/api/challenge?purpose=report`);
    const two = await fetch(`${stack.url}/api/challenge?purpose=report`);
    const ids = [one.headers.get(CORRELATION_HEADER), two.headers.get(CORRELATION_HEADER)];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
    const logged = logLines().filter((l) => l.message === 'request' && l.route === '/api/challenge').map((l) => l.correlation_id);
    expect(logged).toEqual(expect.arrayContaining(ids));
    // An error answer carries it too.
    const missing = await fetch(`${stack.url}/api/nothing-here`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get(CORRELATION_HEADER)).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('business metrics', () => {
  it('counts a report filed once (not its retry), and a proof of work that did not hold (not one that was only asked for)', async () => {
    metrics.clearMetrics();
    const report = { subjectType: 'institution', district: 'minhang', channel: 'other', description: '考点监考老师收钱后允许考生带手机进场查答案。', anonymous: true };
    const key = 'metrics-test-key-0001';
    expect((await fileReport(stack.url, report, key)).status).toBe(201);
    expect((await fileReport(stack.url, report, key)).headers.get('Idempotent-Replayed')).toBe('true');
    const bad = await fetch(`${stack.url}/api/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [PROOF_HEADER]: Buffer.from('{"challenge":{},"solution":{}}').toString('base64') },
      body: JSON.stringify(report),
    });
    expect(bad.status).toBe(428);
    const count = stored();
    expect(count(METRICS.reportsFiled)).toBe(1);
    expect(count(METRICS.proofOfWorkFailures)).toBe(1);
    metrics.clearMetrics();
  });
});

describe('AWS SDK calls traced', () => {
  it('records each call of a client from the clients module as an X-Ray subsegment', async () => {
    process.env.AWS_EXECUTION_ENV = 'AWS_Lambda_nodejs24.x';
    try {
      const { Tracer } = await import('@aws-lambda-powertools/tracer');
      const xray = (await import('aws-xray-sdk-core')).default;
      const tracer = new Tracer({ serviceName: 'test', enabled: true });
      expect(tracer.isTracingEnabled()).toBe(true);
      const { dynamo } = makeClients({ region: 'local', dynamoEndpoint: await endpointOf(stack), credentials: LOCAL_CREDENTIALS, tracer });
      const segment = new xray.Segment('test-invocation');
      await xray.getNamespace().runPromise(async () => {
        tracer.setSegment(segment);
        await dynamo.send(new ListTablesCommand({}));
      });
      const calls = (segment.subsegments ?? []).map((s) => ({ name: s.name, operation: (s as unknown as { aws?: { operation?: string } }).aws?.operation }));
      expect(calls).toContainEqual({ name: 'DynamoDB', operation: 'ListTables' });
    } finally {
      delete process.env.AWS_EXECUTION_ENV;
    }
  });
});

async function endpointOf(s: typeof stack): Promise<string> {
  const endpoint = await s.clients.dynamo.config.endpoint!();
  return `${endpoint.protocol}//${endpoint.hostname}:${endpoint.port}`;
}
