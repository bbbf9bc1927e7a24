import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DSA_BATCH } from '../../domain/dsa/dsa-schema';
import { holdsLoneSurrogate, validateDsaStatement, type DsaFieldErrors } from '../../domain/dsa/dsa-validate';

/**
 * A local stand-in of the EU DSA Transparency Database's statement API, for tests and the embedded stack. It
 * applies the same validation rules terminus implemented from the database's public rules (`dsa-validate.ts`),
 * refuses a body it could not decode (invalid UTF-8, a lone surrogate), keeps puids unique per platform, and
 * answers like the database: 201 with the created statements, 422 with field errors (per `statement_<i>` for a
 * batch), 401 without the token, 302/404 for the existing-puid check. Tests can make it fail the next calls
 * (`failNext`) or act at the moment a statement is stored (`onStored`), to reproduce outages and crashes.
 * `GET /stand-in/statements` lists what it stored (for people trying the embedded stack).
 */
export interface TransparencyDbStandIn {
  url: string;
  /** Statements stored, in order (each with its uuid). */
  statements(): { uuid: string; puid: string; statement: Record<string, unknown> }[];
  /** Requests seen per route and status (e.g. `POST /api/v1/statements 201`). */
  requests(): string[];
  /** The next `statuses.length` submissions answer these statuses instead of being processed. */
  failNext(...statuses: number[]): void;
  /** Called after statements are stored, before the answer is sent (await it to hold the answer). */
  onStored(hook: ((puids: string[]) => Promise<void> | void) | undefined): void;
  stop(): Promise<void>;
}

/** Options of {@link startTransparencyDbStandIn}. */
export interface StandInOptions {
  token: string;
  host?: string;
  port?: number;
}

const STORE_SINGLE = '/api/v1/statement';
const STORE_MANY = '/api/v1/statements';
const EXISTING = /^\/api\/v1\/statement\/existing-puid\/([^/]+)$/;
const MAX_BODY = 5 * 1024 * 1024;
/** Not part of the database's API: what the stand-in stored, without a token (it listens on loopback only). */
export const STORED_PAGE = '/stand-in/statements';

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The body as JSON, or why the database could not read it (it decodes strict UTF-8 and refuses lone surrogates). */
function decodeJson(raw: Buffer): { json: unknown } | { error: string } {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return { error: 'Malformed UTF-8 characters, possibly incorrectly encoded' };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { error: 'Syntax error' };
  }
  if (holdsLoneSurrogate(json)) return { error: 'Single unpaired UTF-16 surrogate in unicode escape' };
  return { json };
}

/** Starts the stand-in on a loopback port (0: any free one). */
export async function startTransparencyDbStandIn(options: StandInOptions): Promise<TransparencyDbStandIn> {
  const stored: { uuid: string; puid: string; statement: Record<string, unknown> }[] = [];
  const puids = new Set<string>();
  const seen: string[] = [];
  const failures: number[] = [];
  let hook: ((puids: string[]) => Promise<void> | void) | undefined;

  /** Validates and stores; answers, and returns what to log (the status, or that the answer was lost). */
  const store = async (res: ServerResponse, statements: unknown[], many: boolean): Promise<string> => {
    const errors: Record<string, DsaFieldErrors> = {};
    statements.forEach((s, i) => {
      const e = validateDsaStatement(s);
      if (Object.keys(e).length) errors[`statement_${i}`] = e;
    });
    if (Object.keys(errors).length) {
      send(res, 422, many ? { errors } : { message: 'The given data was invalid.', errors: errors.statement_0 });
      return '422';
    }
    const incoming = statements.map((s) => String((s as { puid: string }).puid));
    const taken = incoming.filter((p, i) => puids.has(p) || incoming.indexOf(p) !== i);
    if (taken.length) {
      const message = 'The identifier given is not unique within this platform.';
      send(res, 422, { message, errors: { puid: [message] }, existing_puids: [...new Set(taken)] });
      return '422';
    }
    const now = new Date().toISOString().replace('T', ' ').slice(0, 19);
    const created = statements.map((s) => {
      const statement = s as Record<string, unknown>;
      const entry = { uuid: randomUUID(), puid: String(statement.puid), statement };
      stored.push(entry);
      puids.add(entry.puid);
      return { ...statement, uuid: entry.uuid, created_at: now, platform_name: 'terminus (stand-in)' };
    });
    try {
      await hook?.(incoming);
    } catch {
      res.destroy(); // stored, but the caller never hears of it (a crash or a cut connection)
      return '201 (answer lost)';
    }
    send(res, 201, many ? { statements: created } : created[0]);
    return '201';
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = `${req.method} ${EXISTING.test(path) ? '/api/v1/statement/existing-puid' : path}`;
    const answer = (status: number, body: unknown) => {
      seen.push(`${route} ${status}`);
      send(res, status, body);
    };
    if (req.headers.authorization !== `Bearer ${options.token}` && path !== STORED_PAGE) {
      return answer(401, { message: 'Unauthenticated.' });
    }
    if (req.method === 'GET' && path === STORED_PAGE) {
      return answer(200, { statements: stored.map((s) => ({ uuid: s.uuid, ...s.statement })) });
    }
    const existing = EXISTING.exec(path);
    if (req.method === 'GET' && existing) {
      const puid = decodeURIComponent(existing[1] ?? '');
      const found = puids.has(puid);
      return answer(found ? 302 : 404, { message: `statement of reason ${found ? 'found' : 'not found'}`, puid });
    }
    if (req.method !== 'POST' || (path !== STORE_MANY && path !== STORE_SINGLE)) {
      return answer(404, { message: 'Not Found' });
    }
    const forced = failures.shift();
    if (forced !== undefined) return answer(forced, { message: `stand-in: forced ${forced}` });
    const raw = await readBody(req);
    if (!raw) return answer(413, { message: 'Payload Too Large' });
    const decoded = decodeJson(raw);
    if ('error' in decoded) return answer(422, { message: decoded.error, errors: { payload: [decoded.error] } });
    const many = path === STORE_MANY;
    const body = decoded.json as { statements?: unknown };
    const list = many ? body?.statements : [decoded.json];
    if (!Array.isArray(list) || list.length < DSA_BATCH.min || list.length > DSA_BATCH.max) {
      const message = `The statements field must have between ${DSA_BATCH.min} and ${DSA_BATCH.max} items.`;
      return answer(422, { message, errors: { statements: [message] } });
    }
    seen.push(`${route} ${await store(res, list, many)}`);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, { message: (err as Error).message });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
    statements: () => stored.map((s) => ({ ...s })),
    requests: () => [...seen],
    failNext: (...statuses) => failures.push(...statuses),
    onStored: (fn) => {
      hook = fn;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
