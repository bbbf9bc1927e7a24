import { rm } from 'node:fs/promises';
import path from 'node:path';

/** Removes the workflow bundle the global setup built. */
export default async function globalTeardown(): Promise<void> {
  const file = process.env.FAULTS_WORKFLOW_BUNDLE;
  if (file) await rm(path.dirname(file), { recursive: true, force: true });
}
