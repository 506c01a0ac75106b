import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EvidenceRecord } from '../../functions/core/report';
import { reportState } from '../support/report-fixture';
import { mockedPublicApp, post, storedReport } from '../support/mocked-app';

// The upload endpoints' answers through app.request with the SDK mocked: ids from the URL that are no evidence
// record's, refused before storage is touched; complete's 200 (unchanged for integrators) and its 202 when the
// check outlasts the budget.

const pending = (evidenceId: string, trackingCode: string): EvidenceRecord => ({
  evidenceId,
  fileName: '广告.jpg',
  contentType: 'image/jpeg',
  kind: 'photo',
  declaredSize: 68657,
  key: `reports/${trackingCode}/${evidenceId}`,
  status: 'pending',
  addedAt: '2025-11-01T02:00:00.000Z',
  addedBy: 'reporter',
});

async function withEvidence(key: string) {
  const evidenceId = randomUUID();
  const first = await storedReport(key);
  const record = pending(evidenceId, first.trackingCode);
  const stored = await storedReport(key, { lastChange: { ...reportState().lastChange, evidence: [record] } });
  return { ...stored, evidenceId, record };
}

const send = (app: ReturnType<typeof mockedPublicApp>['app'], method: string, path: string, secret: string) => app.request(path, { method, headers: { 'X-Report-Secret': secret } });

describe('evidence upload endpoints (SDK mocked)', () => {
  it('refuses ids that name no evidence record (__proto__, constructor, a path) with a Chinese 404, touching no storage and writing nothing', async () => {
    const { app, dynamo, s3 } = mockedPublicApp();
    const stored = await withEvidence('own-props-key-01');
    dynamo.on(GetItemCommand).resolves({ Item: stored.marshalled });
    for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '..%2F..%2Fx', 'x'.repeat(36)]) {
      const base = `/api/reports/${stored.trackingCode}/evidence/${id}`;
      const answers = [
        await send(app, 'GET', base, stored.secret),
        await send(app, 'DELETE', base, stored.secret),
        await post(app, `${base}/upload`, {}, { 'X-Report-Secret': stored.secret }),
        await post(app, `${base}/complete`, {}, { 'X-Report-Secret': stored.secret }),
      ];
      for (const res of answers) {
        expect(res.status, id).toBe(404);
        const body = await res.json();
        expect(body.error).toMatchObject({ code: 'evidence_not_found', field: 'evidenceId' });
        expect(body.error.message).toMatch(/^找不到这个文件的上传记录/);
      }
    }
    expect(s3.calls()).toHaveLength(0);
    expect(dynamo.commandCalls(PutItemCommand)).toHaveLength(0);
  });

  it('answers complete with 200 and the documented body when the check finishes within its budget', async () => {
    const { app, dynamo, deps } = mockedPublicApp();
    const stored = await withEvidence('complete-200-key');
    dynamo.on(GetItemCommand).resolves({ Item: stored.marshalled });
    const accepted = { ...stored.record, status: 'accepted' as const, size: 68657, sha256: 'a'.repeat(64), checkedAt: '2025-11-01T02:01:00.000Z', servedName: '广告.jpg' };
    deps.verifier = { verify: async () => accepted };
    const res = await post(app, `/api/reports/${stored.trackingCode}/evidence/${stored.evidenceId}/complete`, {}, { 'X-Report-Secret': stored.secret });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ evidenceId: stored.evidenceId, status: 'accepted', size: 68657, contentType: 'image/jpeg', sha256: 'a'.repeat(64) });
  });

  it('answers complete with 202 checking when the check outlasts the budget, and the check goes on', async () => {
    const { app, dynamo, deps } = mockedPublicApp();
    const stored = await withEvidence('complete-202-key');
    dynamo.on(GetItemCommand).resolves({ Item: stored.marshalled });
    let finished = false;
    deps.verifier = { verify: () => new Promise((resolve) => setTimeout(() => ((finished = true), resolve(stored.record)), 300)) };
    deps.checkBudgetMs = 20;
    const started = performance.now();
    const res = await post(app, `/api/reports/${stored.trackingCode}/evidence/${stored.evidenceId}/complete`, {}, { 'X-Report-Secret': stored.secret });
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ evidenceId: stored.evidenceId, status: 'checking' });
    expect(finished).toBe(false);
    expect(performance.now() - started).toBeLessThan(300);
    await new Promise((d) => setTimeout(d, 400));
    expect(finished).toBe(true);
  });

  it('says where a pending photo stands: checking (no multipart upload to list)', async () => {
    const { app, dynamo, s3 } = mockedPublicApp();
    const stored = await withEvidence('status-key-00001');
    dynamo.on(GetItemCommand).resolves({ Item: stored.marshalled });
    const res = await send(app, 'GET', `/api/reports/${stored.trackingCode}/evidence/${stored.evidenceId}`, stored.secret);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ evidenceId: stored.evidenceId, status: 'checking' });
    expect(s3.calls()).toHaveLength(0);
  });
});
