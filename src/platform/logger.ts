import { pino, type Logger as PinoLogger } from 'pino';

/** The app's structured logger: one JSON line per event on stdout; secrets are redacted by key wherever they appear. */
export type AppLogger = PinoLogger;

/** Creates the process logger. `name` tells the worker's lines from the API's when both share a terminal. */
export function createLogger(name: string, level: string = process.env.TERMINUS_LOG_LEVEL ?? 'info'): AppLogger {
  return pino({
    name,
    level,
    redact: {
      paths: [
        '*.token',
        '*.password',
        '*.apiKey',
        '*.authorization',
        'req.headers.authorization',
        '*.smtpUrl',
        '*.databaseUrl',
      ],
      censor: '[redacted]',
    },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}
