import type { CliIo } from './context';

/**
 * Progress for long waits, on stderr so stdout stays clean for `--json`. On a terminal one line is rewritten in
 * place; otherwise (logs, CI) a line is written when the status changes and at most every `quietMs` otherwise.
 */
export class Progress {
  private last = '';
  private lastWrite = 0;
  private frame = 0;
  private readonly started = Date.now();

  constructor(
    private readonly io: CliIo,
    private readonly quietMs = 15_000,
  ) {}

  /** `status` is what changed-detection compares; `detail` (a countdown) is shown but never forces a line. */
  update(status: string, detail = ''): void {
    const elapsed = `${Math.round((Date.now() - this.started) / 1000)} s`;
    if (this.io.stderr.isTTY) {
      const spinner = '|/-\\'[this.frame++ % 4];
      this.io.stderr.write(`\r\x1b[K${spinner} ${status}${detail} (${elapsed})`);
      return;
    }
    const now = Date.now();
    if (status !== this.last || now - this.lastWrite >= this.quietMs) {
      this.io.stderr.write(`... ${status}${detail} (${elapsed})\n`);
      this.last = status;
      this.lastWrite = now;
    }
  }

  done(message: string): void {
    if (this.io.stderr.isTTY) this.io.stderr.write('\r\x1b[K');
    this.io.stderr.write(`${message}\n`);
  }
}

/** Human duration: `1h 02m`, `3m 05s`, `12s`. */
export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s >= 3600) return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  if (s >= 60) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${s}s`;
}
