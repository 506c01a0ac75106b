import { createHash, createHmac, randomInt } from 'node:crypto';
import { createChallenge, verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import { DomainError } from './report';

// A privacy-preserving cost on filing and on receipt look-ups, with no IP address and no third party: the
// browser finds a counter whose SHA-256 matches a signed challenge (ALTCHA, self-hosted). A person on a phone
// spends a fraction of a second once per request; a script filing or guessing at scale pays for every try.
//
// Guessing a receipt is slowed per tracking code without ever locking its holder out: each failure for a code
// raises the price of the next challenge for that code, up to a cap; a challenge priced at the cap is always
// accepted, so a third party can make the holder's phone work a few seconds, never refuse them.

export type ProofPurpose = 'report' | 'receipt';

export interface ProofOfWorkConfig {
  /** Hashes the browser must try, on average, for an unpriced challenge: [min, max] of the random counter. */
  counterRange: readonly [number, number];
  /** Each earlier failure for a code doubles the price, up to 2^maxLevel. */
  maxLevel: number;
  /** How long a challenge may be used after it was issued. */
  ttlSeconds: number;
}

/**
 * About 17,500 hashes on average: under a tenth of a second in Chromium on the project's build machine and about
 * a third of a second under a mid-tier phone's 4× CPU slowdown; at the cap (8×) a few seconds. `npm run bench -- pow`.
 */
export const DEFAULT_PROOF_OF_WORK: ProofOfWorkConfig = { counterRange: [10_000, 25_000], maxLevel: 3, ttlSeconds: 600 };

/** Spends a challenge once: false when it was spent before. */
export interface ChallengeLedger {
  spend(challengeId: string, expiresAt: Date): Promise<boolean>;
}

export interface ProofOfWork {
  /** A challenge for `purpose`, priced at `level` (0 = base price), bound to `scope` (a tracking code's hash). */
  issue(purpose: ProofPurpose, scope: string, level: number): Promise<Challenge>;
  /**
   * Checks a solution sent in the `X-Proof-Of-Work` header: for this purpose and scope, not expired, not spent.
   * Returns the level it was priced at; throws a 428 DomainError saying what to do otherwise.
   */
  check(header: string | undefined, purpose: ProofPurpose, scope: string): Promise<number>;
  /** Whether a challenge priced at `level` pays for a request after `failures` failures (the cap always does). */
  paysFor(level: number, failures: number): boolean;
  readonly config: ProofOfWorkConfig;
}

export const PROOF_HEADER = 'X-Proof-Of-Work';

const required = (code: string, message: string) => new DomainError(428, code, message, PROOF_HEADER);

/** The scope a receipt's challenges are bound to: a hash of the normalised code, never the code itself. */
export function receiptScope(trackingCode: string): string {
  return createHash('sha256').update(`receipt\n${trackingCode}`).digest('base64url').slice(0, 22);
}

/** Encodes what the browser sends back: base64 of `{challenge, solution}`. */
export function encodeProof(challenge: Challenge, solution: Solution): string {
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

export const PRICE_TOO_LOW = () => required('proof_of_work_price', '为防止有人猜测查询密码，需要重新计算验证，请重试');

export function proofOfWork(
  serverKey: () => Promise<Buffer>,
  ledger: ChallengeLedger,
  config: ProofOfWorkConfig = DEFAULT_PROOF_OF_WORK,
  now = () => new Date(),
): ProofOfWork {
  // Two keys derived from the server's secret (the receipt key): one signs the challenge, one the expected key prefix.
  let keys: Promise<{ signatureSecret: string; keySecret: string }> | undefined;
  const secrets = () =>
    (keys ??= serverKey().then((key) => ({
      signatureSecret: createHmac('sha256', key).update('proof-of-work/challenge').digest('hex'),
      keySecret: createHmac('sha256', key).update('proof-of-work/key').digest('hex'),
    })));
  const cap = (level: number) => Math.max(0, Math.min(config.maxLevel, Math.floor(level)));

  return {
    config,
    paysFor: (level, failures) => level >= cap(failures),
    async issue(purpose, scope, level) {
      const { signatureSecret, keySecret } = await secrets();
      const priced = cap(level);
      const [min, max] = config.counterRange;
      return createChallenge({
        algorithm: 'SHA-256',
        cost: 1,
        counter: randomInt(min, max + 1) * 2 ** priced,
        deriveKey,
        data: { purpose, scope, level: priced },
        expiresAt: new Date(now().getTime() + config.ttlSeconds * 1000),
        hmacSignatureSecret: signatureSecret,
        hmacKeySignatureSecret: keySecret,
      });
    },
    async check(header, purpose, scope) {
      const { signatureSecret, keySecret } = await secrets();
      if (!header) throw required('proof_of_work_required', '请在网页上提交（网页会自动完成一道计算验证），或刷新页面后重试');
      let payload: { challenge: Challenge; solution: Solution };
      try {
        payload = JSON.parse(Buffer.from(header, 'base64').toString('utf8'));
      } catch {
        throw required('proof_of_work_invalid', '计算验证的格式不对，请刷新页面后重试');
      }
      const data = payload?.challenge?.parameters?.data;
      if (!data || data.purpose !== purpose || data.scope !== scope) {
        throw required('proof_of_work_invalid', '计算验证与这次操作不符，请刷新页面后重试');
      }
      const result = await verifySolution({
        challenge: payload.challenge,
        solution: payload.solution,
        deriveKey,
        hmacSignatureSecret: signatureSecret,
        hmacKeySignatureSecret: keySecret,
      }).catch(() => ({ verified: false, expired: false }));
      if (result.expired) throw required('proof_of_work_expired', '计算验证已过期，请重试（网页会自动重新计算）');
      if (!result.verified) throw required('proof_of_work_invalid', '计算验证没有通过，请刷新页面后重试');
      const expiresAt = new Date((payload.challenge.parameters.expiresAt ?? 0) * 1000);
      if (!(await ledger.spend(payload.challenge.signature ?? payload.challenge.parameters.nonce, expiresAt))) {
        throw required('proof_of_work_spent', '这次计算验证已经用过了，请重试（网页会自动重新计算）');
      }
      return Number(data.level);
    },
  };
}
