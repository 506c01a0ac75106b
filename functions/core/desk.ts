import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

// Hotline desks (the 12345 citizen hotline takes many tips by phone): accounts with API keys that may file reports
// (no proof of work: the desk is known), read back their own tickets, and nothing else. A key is shown once, when it
// is made; only its SHA-256 is kept (a key is 256 random bits: a slow hash would add nothing). A key can be revoked.

export interface DeskAccount {
  id: string;
  name: string;
  keyHash: string;
  createdAt: string;
  createdBy: string;
  revokedAt?: string;
  revokedBy?: string;
}

const KEY_RE = /^desk_([a-z0-9]{10})_([A-Za-z0-9_-]{43})$/;

export const hashDeskKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** A new account's id and key (the key in full, to be handed over once). */
export function newDeskKey(): { id: string; key: string } {
  const id = randomBytes(8).toString('hex').slice(0, 10);
  return { id, key: `desk_${id}_${randomBytes(32).toString('base64url')}` };
}

/** The account id a presented key claims, or undefined for anything that is not a desk key. */
export function deskIdOf(key: string): string | undefined {
  return KEY_RE.exec(key)?.[1];
}

/** Whether a presented key is the account's, and the account still active. */
export function deskKeyValid(account: DeskAccount | undefined, key: string): account is DeskAccount {
  if (!account || account.revokedAt) return false;
  const a = Buffer.from(account.keyHash, 'hex');
  const b = Buffer.from(hashDeskKey(key), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

export const deskAccountSchema = z.object({
  name: z.string({ error: '请填写坐席名称' }).trim().min(2, { error: '坐席名称至少 2 个字，例如“12345市民服务热线”' }).max(60, { error: '坐席名称最多 60 个字' }),
});

/** What a desk reads back about a report it filed: where it went and how it stands, in plain words. */
export interface DeskTicketView {
  trackingCode: string;
  ticket: string | null;
  authority: string;
  authorityName: string;
  status: string;
  statusName: string;
  receivedAt: string;
  /** 退单: the office sent the ticket back for another dispatch, and why. */
  returned: { reason: string; at: string } | null;
  timeline: { at: string; event: string }[];
}
