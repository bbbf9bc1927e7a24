import { z } from 'zod';
import { formatZodError } from './zod-errors';

/** Ports and files of the embedded stack (`npm start`). Fixed defaults so the printed URLs stay the same. */
export interface DevStackConfig {
  host: string;
  temporalPort: number;
  temporalUiPort: number;
  databasePort: number;
  /** MailDev's SMTP and web inbox ports (only when `SMTP_URL` is unset). */
  mailSmtpPort: number;
  mailWebPort: number;
}

const port = z.coerce.number().int().min(0).max(65_535);
const Schema = z.object({
  TERMINUS_DEV_HOST: z.string().min(1).default('127.0.0.1'),
  TERMINUS_TEMPORAL_PORT: port.default(7233),
  TERMINUS_TEMPORAL_UI_PORT: port.default(8233),
  TERMINUS_DB_PORT: port.default(5433),
  TERMINUS_MAIL_SMTP_PORT: port.default(1025),
  TERMINUS_MAIL_WEB_PORT: port.default(1080),
});

/** Parses the embedded stack's settings; 0 for a port means "pick a free one" (tests do). */
export function loadDevStackConfig(env: NodeJS.ProcessEnv = process.env): DevStackConfig {
  const parsed = Schema.safeParse(env);
  if (!parsed.success) throw new Error(`invalid configuration: ${formatZodError(parsed.error)}`);
  const e = parsed.data;
  return {
    host: e.TERMINUS_DEV_HOST,
    temporalPort: e.TERMINUS_TEMPORAL_PORT,
    temporalUiPort: e.TERMINUS_TEMPORAL_UI_PORT,
    databasePort: e.TERMINUS_DB_PORT,
    mailSmtpPort: e.TERMINUS_MAIL_SMTP_PORT,
    mailWebPort: e.TERMINUS_MAIL_WEB_PORT,
  };
}
