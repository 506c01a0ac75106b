import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveReceipt, hashSecret, normaliseTrackingCode, verifySecret } from '../../functions/core/receipt';

const key = randomBytes(32);

describe('receipts', () => {
  it('derives a readable 60-bit code and an 80-bit secret, the same for the same Idempotency-Key', () => {
    const a = deriveReceipt(key, 'retry-me-please');
    expect(a.trackingCode).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(a.secret).toMatch(/^[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(deriveReceipt(key, 'retry-me-please')).toEqual(a);
    expect(deriveReceipt(key, 'another-key').trackingCode).not.toBe(a.trackingCode);
    expect(deriveReceipt(randomBytes(32), 'retry-me-please').trackingCode).not.toBe(a.trackingCode);
  });

  it('spreads codes evenly enough that 2,000 keys never collide', () => {
    const codes = new Set(Array.from({ length: 2000 }, (_, i) => deriveReceipt(key, `k${i}`).trackingCode));
    expect(codes.size).toBe(2000);
  });

  it('reads codes as people type them', () => {
    expect(normaliseTrackingCode('abcd efgh jkmn')).toBe('ABCD-EFGH-JKMN');
    expect(normaliseTrackingCode('OOIL-0011-2345')).toBe('0011-0011-2345');
    expect(normaliseTrackingCode('ABCD-EFGH-JKM')).toBeUndefined();
    expect(normaliseTrackingCode('ABCD-EFGH-JKMU')).toBeUndefined(); // U is not in Crockford's alphabet
  });

  it('stores the secret as a salted scrypt hash and verifies it, forgiving case and look-alikes', async () => {
    const { secret } = deriveReceipt(key, 'k');
    const stored = await hashSecret(secret);
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(stored).not.toContain(secret);
    expect(await hashSecret(secret)).not.toBe(stored);
    expect(await verifySecret(secret, stored)).toBe(true);
    expect(await verifySecret(secret.toLowerCase().replace(/0/g, 'o'), stored)).toBe(true);
    expect(await verifySecret(`${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`, stored)).toBe(false);
  });
});
