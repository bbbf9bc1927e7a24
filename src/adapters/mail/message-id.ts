import { createHash } from 'node:crypto';

/**
 * The Message-ID of a message, derived from its idempotency key: `<sha256(key)@sender-domain>`. Every attempt
 * at the same message carries the same id, so in the one window where a resend can happen (see `notify.ts`)
 * receivers and archives can still recognise the two copies as one message. Hashing keeps workflow IDs, which
 * name accounts, out of a header that travels to the customer's mail provider.
 */
export function messageIdFor(idempotencyKey: string, senderDomain: string): string {
  return `<${createHash('sha256').update(idempotencyKey, 'utf8').digest('hex')}@${senderDomain}>`;
}

/** sha256 of a JSON value with object keys sorted, so the same input always hashes the same. */
export function canonicalSha256(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
