import type { InvoiceSnapshot } from '../../../shared/api/contract';
import type { LedgerInvoice } from '../../../shared/ledger/read-ledger';

/** JSON with object keys sorted, so equal data gives equal text whatever the key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * A 64-bit FNV-1a digest of text as 16 hex digits: two 32-bit lanes with different offsets.
 * For telling whether a row changed since it was last sent, not for security, and cheap: no
 * Utilities.computeDigest call per row.
 */
export function digest64(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x01000193) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/** The invoice as the backend receives it. */
export function snapshotOf(invoice: LedgerInvoice): InvoiceSnapshot {
  return invoice;
}

/**
 * What decides whether an invoice must be sent again: its facts, not its row, so sorting the
 * sheet does not resend the whole ledger.
 */
export function invoiceFingerprint(snapshot: InvoiceSnapshot): string {
  const { row: _row, ...facts } = snapshot;
  return digest64(canonical(facts));
}
