import { MockActivityEnvironment } from '@temporalio/testing';
import { createNotifyActivities, type NotifyDeps } from '../../../src/activities/notify';
import type { NotifyActivities } from '../../../src/activities/notify-contract';
import type { MailTransport } from '../../../src/adapters/mail/mail-transport';
import { createSmtpTransport } from '../../../src/adapters/mail/smtp-transport';
import { parseSmtpConfig, type SmtpConfig } from '../../../src/config/smtp';

/** The environment a deployment would set, pointed at a test server. */
export function mailEnv(smtpUrl: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    SMTP_URL: smtpUrl,
    MAIL_FROM: 'Trust & Safety <tns@terminus.example>',
    STAFF_ALERT_TO: 'oncall@terminus.example, legal@terminus.example',
    ...extra,
  };
}

/** Notify activities wired exactly as the worker wires them: config parsed from env, nodemailer transport. */
export function realNotify(
  env: NodeJS.ProcessEnv,
  deps: Omit<NotifyDeps, 'transport' | 'sender' | 'staffAlertTo'>,
): { acts: NotifyActivities; config: SmtpConfig; transport: MailTransport } {
  const config = parseSmtpConfig(env);
  const transport = createSmtpTransport(config.connection);
  const acts = createNotifyActivities({ ...deps, transport, sender: config.sender, staffAlertTo: config.staffAlertTo });
  return { acts, config, transport };
}

/** Runs one activity call in `env` with its types kept (the SDK's `run` infers `unknown` for the result). */
export function run<I, R>(env: MockActivityEnvironment, fn: (input: I) => Promise<R>, input: I): Promise<R> {
  return env.run<[I], R, (input: I) => Promise<R>>(fn, input);
}

const silent = () => undefined;
/** An activity context whose logger stays quiet: most tests here fail on purpose. */
export const activityEnv = (): MockActivityEnvironment =>
  new MockActivityEnvironment(undefined, {
    logger: { log: silent, trace: silent, debug: silent, info: silent, warn: silent, error: silent },
  });

/** The error a promise rejects with; fails the test when it resolves. */
export async function failureOf(
  p: Promise<unknown>,
): Promise<Error & { type?: string; nonRetryable?: boolean; details?: unknown[] }> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a failure');
}
