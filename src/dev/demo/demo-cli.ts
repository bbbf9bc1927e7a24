import { ApiClient } from '../../cli/api-client';
import { run } from '../../cli/main';
import type { Role } from '../../domain/case-types';
import { DemoError, type DemoTarget } from './locate-stack';

/**
 * The demo acts through the `terminus` CLI, run in-process (the same code as `bin/terminus.js`) with the token of
 * the demo principal whose role the step needs, so every command it prints is one a person can type.
 */
export class DemoCli {
  constructor(
    private readonly target: DemoTarget,
    /** Where the CLI's progress lines (long waits) go. */
    private readonly progress: { write(s: string): unknown; isTTY?: boolean },
  ) {}

  /** Runs `terminus ARGS --json` as `role` and returns the parsed output; a failure is a {@link DemoError}. */
  async json<T>(role: Role, args: string[]): Promise<T> {
    let stdout = '';
    let stderr = '';
    const code = await run([...args, '--json'], {
      stdout: { write: (s: string) => (stdout += s) },
      stderr: {
        write: (s: string) => {
          stderr += s;
          if (!s.startsWith('{') && !s.startsWith('terminus:')) this.progress.write(s);
        },
        isTTY: this.progress.isTTY ?? false,
      },
      env: { ...process.env, TERMINUS_API_URL: this.target.info.apiUrl, TERMINUS_TOKEN: this.target.tokens[role] },
    });
    if (code !== 0) {
      throw new DemoError(
        `\`terminus ${args.join(' ')}\` (as the demo ${role}) failed with exit ${code}: ${stderr.trim()}`,
      );
    }
    return JSON.parse(stdout) as T;
  }

  /** A plain API client with `role`'s token, for what the CLI has no command for. */
  api(role: Role): ApiClient {
    return new ApiClient({ baseUrl: this.target.info.apiUrl, token: this.target.tokens[role] });
  }
}

/** A command line as a person would type it (arguments with spaces quoted). */
export function shellLine(args: string[]): string {
  return args.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
