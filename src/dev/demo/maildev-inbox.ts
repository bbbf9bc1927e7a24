/** One message in the MailDev inbox, as its API lists it. */
export interface InboxMessage {
  id: string;
  subject: string;
  to: { address: string }[];
  time: string;
}

/**
 * Reads the embedded stack's MailDev inbox through its HTTP API (`/api/email/summary`, newest first), so the demo
 * can point at the very message it is talking about and fail when a notice that should be there is not.
 */
export async function findMessage(
  inboxUrl: string,
  match: { to: string; subject: RegExp; since: number },
): Promise<InboxMessage | null> {
  const res = await fetch(new URL('api/email/summary?limit=200&sort=desc', inboxUrl), {
    signal: AbortSignal.timeout(10_000),
  });
  if (!res.ok) throw new Error(`MailDev answered ${res.status} at ${inboxUrl}`);
  const body = (await res.json()) as { items: InboxMessage[] };
  return (
    body.items.find(
      (m) =>
        Date.parse(m.time) >= match.since - 1000 &&
        match.subject.test(m.subject) &&
        m.to.some((t) => t.address.toLowerCase() === match.to.toLowerCase()),
    ) ?? null
  );
}
