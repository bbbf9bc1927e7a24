import { createHash } from 'node:crypto';

/**
 * SHA-256 of a high-entropy secret (a bearer token, an enrolment code), hex: what the database keeps. The secrets
 * are 192-256 random bits, so guessing is hopeless and a plain hash (no salt, no KDF) is a sound store.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
