import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DemoTokensFile } from '../../src/dev/demo-principals';

/** The demo operator's token of a running stack, from the tokens file it wrote. */
export async function operatorToken(tokensFile: string): Promise<string> {
  return (JSON.parse(await readFile(tokensFile, 'utf8')) as DemoTokensFile).tokens.operator.token;
}

/**
 * `GET /health/deep` of a running stack as its demo operator (the check starts a workflow, so it needs an
 * operator or admin token). `home` is the stack's TERMINUS_HOME, or give the tokens file.
 */
export async function deepHealth(
  apiUrl: string,
  where: { home: string } | { tokensFile: string },
  timeoutMs = 60_000,
): Promise<Response> {
  const file = 'home' in where ? path.join(where.home, 'data', 'demo-tokens.json') : where.tokensFile;
  return fetch(`${apiUrl}/health/deep`, {
    headers: { authorization: `Bearer ${await operatorToken(file)}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
}
