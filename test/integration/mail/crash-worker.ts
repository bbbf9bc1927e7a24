/**
 * A notify activity worker in its own process, for the crash test. It is the production wiring (config parsed
 * from env, nodemailer transport, outbox) except for one thing: right after the outbox records the message as
 * sent, it prints `SENT-MARKED` and never returns, so the test can kill the process at exactly the moment
 * between "the server accepted and the outbox knows" and "Temporal heard the activity complete".
 * Run with `node --import tsx crash-worker.ts`; configuration in `CRASH_WORKER_CONFIG` (JSON).
 */
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createNotifyActivities } from '../../../src/activities/notify';
import { createSmtpTransport } from '../../../src/adapters/mail/smtp-transport';
import { openDatabase, type Database } from '../../../src/db/database';
import { parseSmtpConfig } from '../../../src/config/smtp';
import { isMarkSent } from '../../support/fakes/notify-fakes';

interface CrashWorkerConfig {
  temporalAddress: string;
  taskQueue: string;
  databaseUrl: string;
  smtpUrl: string;
}

async function main(): Promise<void> {
  const cfg = JSON.parse(process.env.CRASH_WORKER_CONFIG ?? '') as CrashWorkerConfig;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const db = openDatabase({ url: cfg.databaseUrl, maxConnections: 2 });
  const freezing: Database = {
    ...db,
    async query(sql, params) {
      const rows = await db.query(sql, params);
      if (isMarkSent(sql)) {
        process.stdout.write('SENT-MARKED\n');
        await new Promise(() => undefined); // the process is killed here
      }
      return rows as never;
    },
  };
  const config = parseSmtpConfig({
    SMTP_URL: cfg.smtpUrl,
    MAIL_FROM: 'Trust & Safety <tns@terminus.example>',
    STAFF_ALERT_TO: 'oncall@terminus.example',
  });
  const activities = createNotifyActivities({
    db: freezing,
    transport: createSmtpTransport(config.connection),
    sender: config.sender,
    staffAlertTo: config.staffAlertTo,
  });
  const connection = await NativeConnection.connect({ address: cfg.temporalAddress });
  const worker = await Worker.create({ connection, taskQueue: cfg.taskQueue, activities });
  process.stdout.write('WORKER-READY\n');
  await worker.run();
}

main().catch((err) => {
  process.stderr.write(`crash-worker failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
