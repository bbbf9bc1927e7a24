import type { PGlite } from '@electric-sql/pglite';

/**
 * Shares PGlite's single Postgres session between several wire-protocol connections without mixing them up.
 *
 * Why not the queue `@electric-sql/pglite-socket` 0.2 ships with: it interleaves connections message by message.
 * One parameterised query is five protocol messages (Parse, Bind, Describe, Execute, Sync) that all act on the
 * session's unnamed statement and portal, so another connection's Parse between them makes the first one bind its
 * parameters to the wrong statement ("bind message supplies 1 parameters, but prepared statement "" requires 3",
 * `portal "" does not exist`, or, with matching parameter counts, the wrong statement run); and an exception in one
 * message leaves that queue stuck for good. The fault suite found both under ordinary concurrency (a worker's
 * parallel activities, the API and the sandbox edge on one embedded database).
 *
 * Here a connection holds the session for a whole unit: every message up to and including its Sync (extended
 * protocol), a simple Query, a Terminate or its startup message; and for as long as the session is inside a
 * transaction it opened. Other connections' messages wait, in arrival order. A failing message fails alone.
 * Replies to Parse..Execute are sent together with the reply to the Sync (or Flush), as PostgreSQL does.
 * A connection that goes away mid-unit or mid-transaction has its transaction rolled back and the session reset
 * (a Sync), so the next connection starts clean.
 */

interface Pending {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (err: unknown) => void;
}

const SYNC = 0x53; // 'S'
const QUERY = 0x51; // 'Q'
const TERMINATE = 0x58; // 'X'
const SYNC_MESSAGE = new Uint8Array([SYNC, 0, 0, 0, 4]);

/**
 * Extended-protocol messages (Parse, Bind, Describe, Execute, Close) whose answers PostgreSQL itself holds until
 * the Sync or Flush that follows: held here too, so one statement costs the client one socket write, not five.
 */
const HELD_REPLIES = new Set([0x50, 0x42, 0x44, 0x45, 0x43]);

/** Messages after which the session is back at "ready for query" (the startup message has no type byte: 0). */
function endsUnit(message: Uint8Array): boolean {
  const type = message[0];
  return type === SYNC || type === QUERY || type === TERMINATE || type === 0;
}

/** The queue interface `PGLiteSocketHandler` calls (its `queryQueue` option). */
export class PgliteSessionQueue {
  private pending: Pending[] = [];
  private owner: number | null = null;
  private unitOpen = false;
  private running = false;
  /** Replies of the owner's held messages, sent with the reply of the message that ends the run of them. */
  private held: Uint8Array[] = [];

  constructor(private readonly db: PGlite) {}

  /** Runs one protocol message of connection `handlerId` when the session is its turn; resolves with bytes sent. */
  enqueue(handlerId: number, message: Uint8Array, onData: (data: Uint8Array) => void): Promise<number> {
    return new Promise((resolve, reject) => {
      this.pending.push({ handlerId, message, onData, resolve, reject });
      void this.pump();
    });
  }

  getQueueLength(): number {
    return this.pending.length;
  }

  /** The connection closed: its waiting messages are dropped. */
  clearQueueForHandler(handlerId: number): void {
    const mine = this.pending.filter((p) => p.handlerId === handlerId);
    this.pending = this.pending.filter((p) => p.handlerId !== handlerId);
    for (const p of mine) p.reject(new Error('connection closed'));
  }

  /** The connection closed: if it held the session, roll back what it left open and hand the session on. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.owner !== handlerId) return;
    // Nobody else runs while this connection owns the session, so these need no lock of ours (and `exec` takes
    // PGlite's own, which `runExclusive` holds: nesting them would deadlock).
    if (this.unitOpen) {
      await this.db.runExclusive(() => this.db.execProtocolRawStream(SYNC_MESSAGE, { onRawData: () => undefined }));
    }
    if (this.db.isInTransaction()) await this.db.exec('ROLLBACK');
    this.owner = null;
    this.unitOpen = false;
    this.held = [];
    void this.pump();
  }

  private sendHeld(item: Pending): void {
    const chunks = this.held;
    this.held = [];
    if (chunks.length === 1) item.onData(chunks[0]!);
    else if (chunks.length > 1) item.onData(Buffer.concat(chunks));
  }

  private next(): number {
    if (this.owner === null) return this.pending.length > 0 ? 0 : -1;
    return this.pending.findIndex((p) => p.handlerId === this.owner);
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let i = this.next(); i >= 0; i = this.next()) {
        const [item] = this.pending.splice(i, 1);
        if (!item) break;
        this.owner = item.handlerId;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                // A copy: the reply may be read out of PGlite's memory, which the next message reuses.
                if (data.length) this.held.push(data.slice());
              },
            }),
          );
          if (!HELD_REPLIES.has(item.message[0] ?? 0)) this.sendHeld(item);
          item.resolve(bytes);
        } catch (err) {
          this.held = [];
          item.reject(err);
        }
        this.unitOpen = !endsUnit(item.message);
        if (!this.unitOpen && !this.db.isInTransaction()) this.owner = null;
      }
    } finally {
      this.running = false;
    }
  }
}
