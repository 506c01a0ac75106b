import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateFirstLayout, rebuildCounters } from '../../functions/adapters/maintenance';
import { defaultDeadlineContext } from '../../functions/core/case-deadlines';
import { deriveReceipt, hashSecret } from '../../functions/core/receipt';
import { LOCAL_BUCKET, LOCAL_TABLE } from '../../functions/local/aws-local';
import { api, fileReport, freshStack } from '../support/local-stack';
import { signIn } from '../support/staff-client';

// Data of the first layout (one item per report, history inside; the registry one item) moves to the current
// layout with one command, idempotently, and reads the same afterwards.

let stack: Awaited<ReturnType<typeof freshStack>>;
let receipt: { trackingCode: string; secret: string };
const REGISTRY_CSV = 'name,aliases,creditCode,district,authority,occupations,status\n上海旧名录评价有限公司,旧名录,91310000MA1OLD0001,minhang,district:minhang,电工,active\n';

beforeAll(async () => {
  stack = await freshStack();
  const key = await readFile(join(stack.dataDir, 'receipt.key'));
  receipt = deriveReceipt(key, 'first-layout-report-1');
  const code = receipt.trackingCode;
  const receivedAt = '2026-06-01T02:00:00.000Z';
  const old = {
    pk: `REPORT#${code}`,
    sk: 'REPORT',
    gsi1pk: 'district:minhang',
    gsi1sk: `${receivedAt}#${code}`,
    trackingCode: code,
    version: 5,
    receivedAt,
    status: 'investigating',
    route: { authority: 'district:minhang', reason: '所在区：闵行' },
    secretHash: await hashSecret(receipt.secret),
    requestDigest: 'x',
    subjectType: 'institution',
    channel: 'advertising',
    description: '朋友圈广告说电工证包过，考不过全额退款。',
    anonymous: true,
    triage: { suggestions: [{ ruleId: 'SH2025-22-9' }] },
    evidence: {
      'e-1': { evidenceId: 'e-1', fileName: 'ad.jpg', contentType: 'image/jpeg', kind: 'photo', declaredSize: 10, key: `reports/${code}/e-1`, status: 'accepted', addedAt: receivedAt, addedBy: 'reporter', sha256: 'ab' },
    },
    events: [
      { at: receivedAt, type: 'received', actor: 'reporter', public: true, text: '举报已收到，交由上海市闵行区人力资源和社会保障局办理' },
      { at: '2026-06-02T02:00:00.000Z', type: 'status', actor: 'u1', public: true, text: '状态变更为“核查中”', data: { from: 'new', to: 'investigating' } },
      { at: '2026-06-02T03:00:00.000Z', type: 'staff-message', actor: 'u1', public: true, text: '工作人员给举报人留言' },
      { at: '2026-06-03T03:00:00.000Z', type: 'reporter-message', actor: 'reporter', public: false, text: '举报人留言' },
    ],
    messages: [
      { at: '2026-06-02T03:00:00.000Z', from: 'staff', text: '请补充截图', author: 'u1' },
      { at: '2026-06-03T03:00:00.000Z', from: 'reporter', text: '已补充' },
    ],
  };
  await stack.clients.dynamo.send(new PutItemCommand({ TableName: LOCAL_TABLE, Item: marshall(old, { removeUndefinedValues: true }) }));
  await stack.clients.dynamo.send(
    new PutItemCommand({ TableName: LOCAL_TABLE, Item: marshall({ pk: 'REGISTRY', sk: 'CURRENT', csv: REGISTRY_CSV, importedAt: '2026-05-01T00:00:00.000Z', importedBy: '系统管理员' }) }),
  );
});
afterAll(async () => stack?.dispose());

const migrate = () => migrateFirstLayout(stack.clients.dynamo, LOCAL_TABLE, stack.clients.s3, LOCAL_BUCKET, defaultDeadlineContext);

describe('moving the first layout', () => {
  it('moves reports and the registry once, and a second run changes nothing', async () => {
    const first = await migrate();
    expect(first).toMatchObject({ moved: 1, alreadyMoved: 0, registry: true });
    const second = await migrate();
    expect(second).toMatchObject({ moved: 0, alreadyMoved: 0, registry: false, counters: { reports: 1 } });
    const old = await stack.clients.dynamo.send(new GetItemCommand({ TableName: LOCAL_TABLE, Key: marshall({ pk: `REPORT#${receipt.trackingCode}`, sk: 'REPORT' }) }));
    expect(old.Item).toBeUndefined();
  });

  it('reads the same afterwards: history, milestones, counts, queue, statistics, look-up and the registry', async () => {
    const record = (await stack.deps.store.load(receipt.trackingCode))!;
    expect(record.events.map((e) => e.type)).toEqual(['received', 'status', 'staff-message', 'reporter-message']);
    expect(record.messages.map((m) => m.text)).toEqual(['请补充截图', '已补充']);
    expect(Object.keys(record.evidence)).toEqual(['e-1']);
    expect(record).toMatchObject({
      version: 5,
      milestones: { acknowledgedAt: '2026-06-02T02:00:00.000Z', firstReplyAt: '2026-06-02T03:00:00.000Z' },
      tally: { evidenceInUse: 1, evidenceFiles: 1, reporterMessages: 1, reporterInARow: 1 },
    });
    expect(record.due.next).toMatch(/^2026-/);

    const staff = await signIn(stack.url, 'minhang');
    const queue = (await staff.get('/reports?status=investigating')).body;
    expect(queue.items.map((i: { trackingCode: string }) => i.trackingCode)).toEqual([receipt.trackingCode]);
    expect(queue.counts.investigating).toBe(1);
    expect((await staff.get('/stats')).body.total).toBe(1);

    const tracked = await api(stack.url, '/api/track', receipt);
    expect(tracked.status).toBe(200);
    expect(tracked.body.messages).toHaveLength(2);

    const admin = await signIn(stack.url, 'admin');
    const registry = (await admin.get('/registry')).body;
    expect(registry).toMatchObject({ sample: false, version: { version: 1, importedBy: '系统管理员', institutions: 1 }, csv: REGISTRY_CSV });

    // A change after the move continues the version order.
    const next = await staff.act(receipt.trackingCode, 5, { type: 'note', text: '迁移后的备注' });
    expect(next.status).toBe(200);
    expect(next.body.events.at(-1)).toMatchObject({ type: 'note', text: '迁移后的备注' });
  });

  it('rebuilds exact counters even after they were lost', async () => {
    await fileReport(stack.url, { subjectType: 'candidate', district: 'minhang', channel: 'exam', description: '考试时有人用手机查答案，监考没管。', anonymous: true });
    await stack.clients.dynamo.send(new PutItemCommand({ TableName: LOCAL_TABLE, Item: marshall({ pk: 'STATS#district:minhang', sk: 'TOTAL', n: 99 }) }));
    const staff = await signIn(stack.url, 'minhang');
    expect((await staff.get('/reports')).body.counts.new).toBe(0); // the damaged total
    expect(await rebuildCounters(stack.clients.dynamo, LOCAL_TABLE)).toMatchObject({ reports: 2 });
    const counts = (await staff.get('/reports')).body.counts;
    expect(counts).toMatchObject({ new: 1, investigating: 1 });
  });
});
