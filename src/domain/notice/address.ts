/**
 * Recipient addresses as the notice path accepts them: a plain ASCII `local@domain`, nothing else. Display names,
 * comments, groups, quoted local parts and commas are refused rather than interpreted, so an address can never
 * smuggle a second recipient or a header into the envelope. Internationalised addresses are refused too (the
 * relay may not support SMTPUTF8); the error says so.
 */

const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Why an address is not acceptable, or undefined when it is. */
export function addressProblem(address: string): string | undefined {
  if (address.length === 0) return 'is empty';
  if (address.length > 254) return 'is longer than 254 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\s,;<>"()[\]\\]/.test(address)) return 'contains spaces, control characters or separators';
  if (/[^\x21-\x7e]/.test(address)) return 'contains non-ASCII characters (not supported)';
  const at = address.lastIndexOf('@');
  if (at <= 0 || at !== address.indexOf('@')) return 'must contain exactly one "@" with a local part before it';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || !LOCAL.test(local)) return 'has an invalid local part';
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((l) => LABEL.test(l))) return 'has an invalid domain';
  return undefined;
}

/** The domain part of an address already checked by {@link addressProblem}, lower-cased. */
export function addressDomain(address: string): string {
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/**
 * Checks and de-duplicates a recipient list (case-insensitively, first spelling kept). Returns the clean list and
 * one message per bad entry, naming it; callers refuse the whole send when there is any problem. Nothing is
 * trimmed: surrounding whitespace or a line break in an address means the input was not what it claims.
 */
export function checkRecipients(addresses: readonly string[]): { recipients: string[]; problems: string[] } {
  const seen = new Set<string>();
  const recipients: string[] = [];
  const problems: string[] = [];
  addresses.forEach((address, i) => {
    const problem = addressProblem(address);
    if (problem) {
      problems.push(`recipient ${i + 1} (${JSON.stringify(address.slice(0, 80))}) ${problem}`);
      return;
    }
    const key = address.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      recipients.push(address);
    }
  });
  if (addresses.length === 0) problems.push('there is no recipient');
  return { recipients, problems };
}
