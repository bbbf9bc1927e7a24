import type { ConfirmedChange } from '../../domain/watch';

/**
 * The words of a staff alert about a confirmed change, shared by the single-domain and the group watch so a move
 * reads the same whichever watch saw it. No tag here: the staff alert renderer leads every subject with
 * "[terminus] <kind>:".
 */

/** Where the domain went, as a subject line says it ("moved to ddos-guard", "dark", ...). */
export function changeHeadline(change: Pick<ConfirmedChange, 'state' | 'provider'>): string {
  if (change.state === 'dark') return 'dark';
  if (change.state === 'ours') return 'back on our edge';
  return change.provider === 'unknown'
    ? 'moved to a provider not in the fingerprint database'
    : `moved to ${change.provider}`;
}

/** Where the domain went, as a sentence ends ("is dark (not served anywhere we can see)", ...). */
export function changeWhere(change: Pick<ConfirmedChange, 'state' | 'provider'>): string {
  if (change.state === 'dark') return 'is dark (not served anywhere we can see)';
  if (change.state === 'ours') return 'is back on our edge';
  return `is now served by ${change.provider}`;
}
