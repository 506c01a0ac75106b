// The proof of work the public API asks for (ALTCHA, self-hosted): fetch a challenge, find its counter with
// Web Crypto, send it back in a header. Runs in the browser and, for the tests and benchmarks, in Node.
import { sha256 } from '@noble/hashes/sha2.js';
import { solveChallenge, type Challenge, type DeriveKeyFunction } from 'altcha-lib';

export const PROOF_HEADER = 'X-Proof-Of-Work';

/** The challenge a request to `path` needs: filing a report, or using a receipt (its code from the path or body). */
export function challengeQuery(path: string, body: unknown): string | undefined {
  if (path === '/api/reports') return 'purpose=report';
  const inPath = /^\/api\/reports\/([^/]+)\//.exec(path)?.[1];
  const code = inPath ? decodeURIComponent(inPath) : path === '/api/track' ? (body as { trackingCode?: unknown } | undefined)?.trackingCode : undefined;
  return typeof code === 'string' && code ? `purpose=receipt&code=${encodeURIComponent(code)}` : undefined;
}

/**
 * The challenge's SHA-256 key derivation (as altcha-lib's own: SHA-256 of salt + password, `cost` times), in plain
 * JavaScript: for inputs this short a synchronous hash is several times faster than Web Crypto's promise per call,
 * which is what keeps the price well under a second on a phone.
 */
const deriveKey: DeriveKeyFunction = async (parameters, salt, password) => {
  const data = new Uint8Array(salt.length + password.length);
  data.set(salt);
  data.set(password, salt.length);
  let key = sha256(data);
  for (let i = 1; i < parameters.cost; i++) key = sha256(key);
  return { parameters: {}, derivedKey: key.subarray(0, parameters.keyLength ?? 32) };
};

/** Whether an error code from the API asks for a (new, or dearer) proof of work. */
export const wantsProof = (code: string | undefined) => code?.startsWith('proof_of_work_') ?? false;

export class ProofFailed extends Error {}

/** Fetches a challenge and solves it; resolves with the header value. */
export async function solveProof(query: string, base = '', get: (url: string) => Promise<Response> = (url) => fetch(url, { cache: 'no-store', headers: { accept: 'application/json' } })): Promise<string> {
  let challenge: Challenge;
  try {
    const res = await get(`${base}/api/challenge?${query}`);
    if (!res.ok) throw new Error(String(res.status));
    challenge = (await res.json()) as Challenge;
  } catch {
    throw new ProofFailed('没能取得验证题目，请检查网络后再试一次。');
  }
  const solution = await solveChallenge({ challenge, deriveKey, timeout: 60_000 });
  if (!solution) throw new ProofFailed('验证计算超时，请再试一次。');
  return btoa(JSON.stringify({ challenge, solution }));
}
