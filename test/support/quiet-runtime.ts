// Per test file: route the Temporal SDK's logs through a WARN-level logger so test output shows failures, not
// every worker state change. Set TERMINUS_TEST_LOG_LEVEL=INFO (or DEBUG) to see them.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

const level = (process.env.TERMINUS_TEST_LOG_LEVEL ?? 'WARN') as LogLevel;
Runtime.install({ logger: new DefaultLogger(level) });
