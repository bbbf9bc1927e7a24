import { run } from '../../src/cli/main';

/** What one `terminus` invocation printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `terminus` in-process against an API at `url` with `token`, capturing its output. */
export async function runTerminus(args: string[], url: string, token: string): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { TERMINUS_API_URL: url, TERMINUS_TOKEN: token },
  });
  return { code, stdout, stderr };
}
