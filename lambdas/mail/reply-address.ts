import { createHash } from 'node:crypto';

/**
 * Where a debtor's reply goes when replies are captured: reply+<tenant alias><batch>@<domain>.
 * The batch is the send batch the email went in (a random UUID, so it cannot be guessed); the
 * alias names its tenant in 13 characters, since a tenant ("d:acme.example") does not fit in an
 * address's 64-character local part. Lower case only: mail systems may fold the case.
 */
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** A stable short name for a tenant: 65 bits of its SHA-256 in base32. */
export function tenantAlias(tenant: string): string {
  const digest = createHash('sha256').update(tenant, 'utf8').digest();
  let bits = '';
  for (const byte of digest.subarray(0, 9)) bits += byte.toString(2).padStart(8, '0');
  let alias = '';
  for (let i = 0; i < 65; i += 5) alias += ALPHABET[parseInt(bits.slice(i, i + 5), 2)] ?? 'a';
  return alias;
}

export function replyAddress(domain: string, tenant: string, batchId: string): string {
  return `reply+${tenantAlias(tenant)}${batchId.replace(/-/g, '').toLowerCase()}@${domain}`;
}

/** The alias and batch an address names, if it is one of ours on `domain`. */
export function parseReplyAddress(address: string, domain: string): { alias: string; batchId: string } | undefined {
  const m = /^reply\+([a-z2-7]{13})([0-9a-f]{32})@(.+)$/i.exec(address.trim());
  if (!m?.[1] || !m[2] || m[3]?.toLowerCase() !== domain.toLowerCase()) return undefined;
  const hex = m[2].toLowerCase();
  return {
    alias: m[1].toLowerCase(),
    batchId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
  };
}
