import { describe, expect, it } from 'vitest';
import { DomainError } from '../../functions/core/report';
import { proofOfWork, receiptScope, type ChallengeLedger } from '../../functions/core/proof-of-work';
import { solveProof } from '../../web/src/scripts/proof';

const KEY = async () => Buffer.alloc(32, 3);
const memoryLedger = (): ChallengeLedger => {
  const spent = new Set<string>();
  return { spend: async (id) => !spent.has(id) && Boolean(spent.add(id)) };
};
const config = { counterRange: [200, 400] as const, maxLevel: 3, ttlSeconds: 600 };

/** The browser's solver against an in-process issuer. */
async function solved(pow: ReturnType<typeof proofOfWork>, purpose: 'report' | 'receipt', scope: string, level = 0) {
  const challenge = await pow.issue(purpose, scope, level);
  return solveProof('', '', async () => new Response(JSON.stringify(challenge)));
}

async function refusal(promise: Promise<unknown>) {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

describe('proof of work', () => {
  it('accepts a solved challenge once, for its purpose and scope only', async () => {
    const pow = proofOfWork(KEY, memoryLedger(), config);
    const header = await solved(pow, 'receipt', receiptScope('ABCD-EFGH-JKMN'));
    expect(await pow.check(header, 'receipt', receiptScope('ABCD-EFGH-JKMN'))).toBe(0);
    expect((await refusal(pow.check(header, 'receipt', receiptScope('ABCD-EFGH-JKMN')))).code).toBe('proof_of_work_spent');

    const other = await solved(pow, 'receipt', receiptScope('ABCD-EFGH-JKMN'));
    expect((await refusal(pow.check(other, 'receipt', receiptScope('ZZZZ-ZZZZ-ZZZZ')))).code).toBe('proof_of_work_invalid');
    expect((await refusal(pow.check(other, 'report', 'report'))).code).toBe('proof_of_work_invalid');
  });

  it('refuses a missing, garbled, forged or expired proof with a 428 that says what to do', async () => {
    const pow = proofOfWork(KEY, memoryLedger(), config);
    const missing = await refusal(pow.check(undefined, 'report', 'report'));
    expect(missing).toMatchObject({ status: 428, code: 'proof_of_work_required' });
    expect(missing.message).toMatch(/刷新页面/);
    expect((await refusal(pow.check('not base64 json', 'report', 'report'))).code).toBe('proof_of_work_invalid');

    const forger = proofOfWork(async () => Buffer.alloc(32, 9), memoryLedger(), config);
    expect((await refusal(pow.check(await solved(forger, 'report', 'report'), 'report', 'report'))).code).toBe('proof_of_work_invalid');

    // Issued eleven minutes ago with a ten-minute life.
    const earlier = proofOfWork(KEY, memoryLedger(), config, () => new Date(Date.now() - 660_000));
    expect((await refusal(pow.check(await solved(earlier, 'report', 'report'), 'report', 'report'))).code).toBe('proof_of_work_expired');
  });

  it('prices a receipt by its failures, up to a cap that always pays', async () => {
    const pow = proofOfWork(KEY, memoryLedger(), config);
    const level0 = await pow.issue('receipt', 's', 0);
    const level9 = await pow.issue('receipt', 's', 9);
    expect(level0.parameters.data).toMatchObject({ level: 0 });
    expect(level9.parameters.data).toMatchObject({ level: 3 });
    expect(pow.paysFor(0, 0)).toBe(true);
    expect(pow.paysFor(0, 1)).toBe(false);
    expect(pow.paysFor(2, 3)).toBe(false);
    expect(pow.paysFor(3, 3)).toBe(true);
    expect(pow.paysFor(3, 1000)).toBe(true); // a third party cannot price the holder out
  });
});
