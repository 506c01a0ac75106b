import { createHash, createHmac, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

// The receipt a reporter keeps: a tracking code (readable over the phone) and a secret.
// Both are derived from the submission's Idempotency-Key with a server-held HMAC key, so that a retried
// submission gets the very same receipt back although the secret itself is stored only as a slow hash.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_CHARS = 12; // 60 bits
const SECRET_CHARS = 16; // 80 bits

function base32(bytes: Buffer, chars: number): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < chars) {
      out += CROCKFORD[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

export interface Receipt {
  trackingCode: string;
  secret: string;
}

export function deriveReceipt(receiptKey: Buffer, idempotencyKey: string): Receipt {
  const mac = (purpose: string) => createHmac('sha256', receiptKey).update(`${purpose}\n${idempotencyKey}`).digest();
  return {
    trackingCode: formatTrackingCode(base32(mac('tracking-code'), CODE_CHARS)),
    secret: base32(mac('secret'), SECRET_CHARS),
  };
}

export function formatTrackingCode(raw: string): string {
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
}

/**
 * A tracking code as people type it: any case, with or without dashes or spaces, with O for 0 and I/L for 1.
 * Returns undefined for anything that cannot be a code.
 */
export function normaliseTrackingCode(input: string): string | undefined {
  const raw = input
    .toUpperCase()
    .replace(/[\s\-–—_]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (raw.length !== CODE_CHARS || [...raw].some((c) => !CROCKFORD.includes(c))) return undefined;
  return formatTrackingCode(raw);
}

/** Secrets are typed back by people too: ignore case, spaces and look-alike letters. */
export function normaliseSecret(input: string): string {
  return input.toUpperCase().replace(/[\s\-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, keylen: number, options: object) => Promise<Buffer>;
const SCRYPT = { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

/** A slow, salted hash of the secret (scrypt), stored as `scrypt$N$r$p$salt$hash`. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(normaliseSecret(secret), salt, 32, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), hash.toString('base64')].join('$');
}

export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(normaliseSecret(secret), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: SCRYPT.maxmem,
  });
  return timingSafeEqual(actual, expected);
}

/** A stable digest of a request body, to tell a true retry from a different report under the same key. */
export function requestDigest(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('base64url');
}
