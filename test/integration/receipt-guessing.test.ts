import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receiptScope } from '../../functions/core/proof-of-work';
import { PROOF_HEADER, solveProof } from '../../web/src/scripts/proof';
import { api, fileReport, freshStack } from '../support/local-stack';

// Guessing a receipt is counted atomically and slowed down per code; the holder is never shut out.

let stack: Awaited<ReturnType<typeof freshStack>>;
let receipt: { trackingCode: string; secret: string };

beforeAll(async () => {
  stack = await freshStack();
  receipt = (await fileReport(stack.url, { subjectType: 'candidate', channel: 'exam', description: '考试时邻座的考生一直用手机查答案，监考提醒了也不收。', anonymous: true })).body;
});
afterAll(async () => stack?.dispose());

const rawTrack = (secret: string, proof: string) =>
  fetch(`${stack.url}/api/track`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', [PROOF_HEADER]: proof },
    body: JSON.stringify({ trackingCode: receipt.trackingCode, secret }),
  });

describe('guessing a receipt', () => {
  it('counts 30 parallel wrong secrets one by one: one is checked, the rest must pay more first', async () => {
    const query = `purpose=receipt&code=${receipt.trackingCode}`;
    const proofs = await Promise.all(Array.from({ length: 30 }, () => solveProof(query, stack.url))); // all priced before any failure
    const answers = await Promise.all(proofs.map((proof, i) => rawTrack(`WRONG${String(i).padStart(11, '0')}`, proof)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 404)).toHaveLength(1);
    expect(statuses.filter((s) => s === 428)).toHaveLength(29);
    const bodies = await Promise.all(answers.filter((a) => a.status === 428).map((a) => a.json()));
    expect(new Set(bodies.map((b) => b.error.code))).toEqual(new Set(['proof_of_work_price']));
    expect(await stack.deps.attempts.count(receiptScope(receipt.trackingCode), new Date())).toBe(30);
  });

  it('never locks the holder out: after many failures the look-up and a message still go through', async () => {
    for (let i = 0; i < 8; i++) {
      const guess = await api(stack.url, '/api/track', { trackingCode: receipt.trackingCode, secret: `GUESS${String(i).padStart(11, '0')}` });
      expect(guess.status).toBe(404);
    }
    const track = await api(stack.url, '/api/track', receipt);
    expect(track.status).toBe(200);
    expect(track.body.trackingCode).toBe(receipt.trackingCode);
    const message = await api(stack.url, `/api/reports/${receipt.trackingCode}/messages`, { text: '补充：那位考生坐在第三排。' }, { 'X-Report-Secret': receipt.secret });
    expect(message.status).toBe(201);
  });

  it('asks for a proof on the holder’s other requests only once the code has seen failures', async () => {
    const fresh = (await fileReport(stack.url, { subjectType: 'examiner', channel: 'exam', description: '考评员在实操考核时离开考场半小时，没人打分。', anonymous: true })).body;
    const plain = (secret: string) =>
      fetch(`${stack.url}/api/reports/${fresh.trackingCode}/messages`, { method: 'POST', headers: { 'content-type': 'application/json', 'X-Report-Secret': secret }, body: JSON.stringify({ text: '补充一点情况。' }) });
    expect((await plain(fresh.secret)).status).toBe(201);
    expect((await plain('WRONGWRONGWRONG1')).status).toBe(404);
    const after = await plain(fresh.secret);
    expect(after.status).toBe(428);
    expect((await after.json()).error.code).toBe('proof_of_work_required');
  });
});
