import { simpleParser, type ParsedMail } from 'mailparser';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerError, type SMTPServerSession } from 'smtp-server';

/**
 * A real SMTP server for tests (`smtp-server` + `mailparser`) on 127.0.0.1 and a free port. It records every
 * message it accepts, parsed and raw, and can be scripted to answer like a real relay that misbehaves: refuse a
 * connection with 421, defer a DATA with 451, reject a recipient or a message with 550, demand credentials.
 * Faults are queued and consumed in order per stage, so "451 once, then accept" is one call.
 */

/** Where in the SMTP dialogue a scripted answer is given. */
export type SmtpStage = 'connect' | 'auth' | 'mail' | 'rcpt' | 'data';

/** A scripted refusal: answer `code` at `stage`, `times` times (default once), optionally for one recipient. */
export interface SmtpFault {
  stage: SmtpStage;
  code: number;
  message?: string;
  /** For `rcpt`: only this address is refused (others accepted); default any recipient. */
  recipient?: string;
  times?: number;
}

/** A message the sink accepted. */
export interface ReceivedMessage {
  envelope: { from: string; to: string[] };
  /** The message exactly as transmitted (headers and MIME body). */
  raw: string;
  parsed: ParsedMail;
  receivedAt: string;
}

/** Something the sink refused, for assertions about what the client tried. */
export interface Refusal {
  stage: SmtpStage;
  code: number;
  recipient?: string;
}

export interface SmtpSinkOptions {
  /** Implicit TLS with smtp-server's built-in self-signed certificate (`smtps://`). */
  secure?: boolean;
  /** Require AUTH with these credentials (535 otherwise). */
  auth?: { user: string; pass: string };
}

export interface SmtpSink {
  readonly host: string;
  readonly port: number;
  /** `smtp://127.0.0.1:port` (or `smtps://`, with `user:pass@` when auth is required): an `SMTP_URL` value. */
  readonly url: string;
  /** Accepted messages, in arrival order. */
  readonly messages: readonly ReceivedMessage[];
  readonly refusals: readonly Refusal[];
  /** Number of client connections so far. */
  readonly connections: number;
  /** Queues a scripted refusal. */
  fail(fault: SmtpFault): void;
  /** Runs before the sink answers 250 to an accepted message (the message is already recorded). */
  beforeAccept(hook: ((message: ReceivedMessage) => void | Promise<void>) | undefined): void;
  /** Resolves with the messages once at least `count` were accepted; rejects after `timeoutMs`. */
  waitForMessages(count: number, timeoutMs?: number): Promise<ReceivedMessage[]>;
  /** Forgets messages, refusals and queued faults. */
  clear(): void;
  stop(): Promise<void>;
}

function smtpError(code: number, message: string): SMTPServerError {
  const err: SMTPServerError = new Error(message);
  err.responseCode = code;
  return err;
}

const DEFAULT_TEXT: Record<number, string> = {
  421: '4.3.2 Service not available, closing transmission channel',
  451: '4.3.0 Requested action aborted: local error in processing',
  452: '4.2.2 Insufficient storage',
  535: '5.7.8 Authentication credentials invalid',
  550: '5.7.1 Message rejected by policy',
  554: '5.6.0 Transaction failed',
};

/** Starts a sink; always `stop()` it (in `afterAll`). */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: ReceivedMessage[] = [];
  const refusals: Refusal[] = [];
  let faults: SmtpFault[] = [];
  let connections = 0;
  let hook: ((m: ReceivedMessage) => void | Promise<void>) | undefined;
  const waiters = new Set<() => void>();

  const take = (stage: SmtpStage, recipient?: string): SMTPServerError | undefined => {
    const i = faults.findIndex(
      (f) => f.stage === stage && (f.recipient === undefined || f.recipient.toLowerCase() === recipient?.toLowerCase()),
    );
    const fault = faults[i];
    if (!fault) return undefined;
    const left = (fault.times ?? 1) - 1;
    if (left <= 0) faults.splice(i, 1);
    else faults[i] = { ...fault, times: left };
    refusals.push({ stage, code: fault.code, ...(recipient ? { recipient } : {}) });
    return smtpError(fault.code, fault.message ?? DEFAULT_TEXT[fault.code] ?? 'Refused by test script');
  };

  const server = new SMTPServer({
    secure: options.secure ?? false,
    // Without TLS: no STARTTLS (nodemailer would upgrade and then distrust the self-signed certificate).
    disabledCommands: options.secure ? [] : ['STARTTLS'],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    closeTimeout: 1000,
    banner: 'terminus test sink',
    onConnect(_session: SMTPServerSession, callback) {
      connections++;
      callback(take('connect'));
    },
    onAuth(auth, _session, callback) {
      const fault = take('auth');
      if (fault) return callback(fault);
      if (!options.auth || (auth.username === options.auth.user && auth.password === options.auth.pass)) {
        return callback(null, { user: auth.username ?? 'anonymous' });
      }
      refusals.push({ stage: 'auth', code: 535 });
      return callback(smtpError(535, DEFAULT_TEXT[535] ?? 'Authentication failed'));
    },
    onMailFrom(_address, _session, callback) {
      callback(take('mail'));
    },
    onRcptTo(address, _session, callback) {
      callback(take('rcpt', address.address));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const fault = take('data');
        if (fault) return callback(fault);
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then(async (parsed) => {
            const received: ReceivedMessage = {
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              raw,
              parsed,
              receivedAt: new Date().toISOString(),
            };
            messages.push(received);
            for (const wake of [...waiters]) wake();
            if (hook) await hook(received);
            callback(null, `2.0.0 Ok: queued as ${messages.length}`);
          })
          .catch((err: Error) => callback(smtpError(451, `4.3.0 sink could not parse the message: ${err.message}`)));
      });
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', () => undefined);
  const port = (server.server.address() as AddressInfo).port;
  const creds = options.auth
    ? `${encodeURIComponent(options.auth.user)}:${encodeURIComponent(options.auth.pass)}@`
    : '';
  const url = `${options.secure ? 'smtps' : 'smtp'}://${creds}127.0.0.1:${port}`;

  return {
    host: '127.0.0.1',
    port,
    url,
    messages,
    refusals,
    get connections() {
      return connections;
    },
    fail(fault) {
      faults.push(fault);
    },
    beforeAccept(h) {
      hook = h;
    },
    waitForMessages(count, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          if (messages.length < count) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve([...messages]);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`smtp sink: expected ${count} message(s), got ${messages.length} after ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    clear() {
      messages.length = 0;
      refusals.length = 0;
      faults = [];
    },
    stop() {
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
