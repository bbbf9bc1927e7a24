import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server that accepts every message and only counts it: a benchmark must exercise the notify path
 * end to end (nodemailer, SMTP dialogue, outbox) without spending CPU on parsing what nobody will read.
 */
export interface SmtpCounter {
  url: string;
  /** Messages accepted so far. */
  readonly messages: number;
  stop(): Promise<void>;
}

/** Starts it on 127.0.0.1 and a free port. */
export async function startSmtpCounter(): Promise<SmtpCounter> {
  let messages = 0;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    closeTimeout: 1000,
    banner: 'terminus bench sink',
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        messages++;
        callback();
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    get messages() {
      return messages;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
