// The receipt travels from /report to /receipt in sessionStorage (this tab only), never in the URL.
import type { PublicRule } from './rule-refs';

export interface Receipt {
  trackingCode: string;
  secret: string;
  authority: string;
  authorityName: string;
  /** Files still being uploaded when the receipt was saved (the page may have been reloaded mid-way). */
  pending: boolean;
  uploaded: string[];
  failed: { fileName: string; message: string }[];
  /** The rules the API suggested for the report (absent in receipts saved before it answered with them). */
  rules?: PublicRule[];
}

const KEY = 'report-receipt';

export function saveReceipt(receipt: Receipt): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(receipt));
  } catch {
    // Private mode with storage disabled: the receipt page will say it has nothing to show.
  }
}

export function loadReceipt(): Receipt | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    const r = raw ? (JSON.parse(raw) as Partial<Receipt>) : undefined;
    if (!r || typeof r.trackingCode !== 'string' || typeof r.secret !== 'string') return undefined;
    return { authority: '', authorityName: '', pending: false, uploaded: [], failed: [], ...r } as Receipt;
  } catch {
    return undefined;
  }
}

export function clearReceipt(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    /* nothing stored */
  }
}
