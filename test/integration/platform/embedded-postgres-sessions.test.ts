// The embedded PostgreSQL is a real server: every connection is its own session. These tests keep what the fault
// suite once found broken (when the embedded database shared one session between connections): concurrent
// statements and transactions of many connections each get their own answer, a failing statement fails alone, and
// a connection lost inside a transaction is rolled back without holding anyone else up.
import { Client } from 'pg';
import { openDatabase, type Database } from '../../../src/db/database';
import { startTestDatabase, type TestDatabase } from '../../support/database';

let t: TestDatabase;
let pools: Database[];

beforeAll(async () => {
  t = await startTestDatabase();
  pools = [0, 1, 2].map(() => openDatabase({ url: t.url, maxConnections: 5 }));
  await pools[0]!.query('CREATE TABLE rows_seen (id int PRIMARY KEY, a text NOT NULL, b text NOT NULL)');
});
afterAll(async () => {
  await Promise.all((pools ?? []).map((p) => p.close()));
  await t?.stop();
});

it('keeps concurrent parameterised statements and transactions of 15 connections apart', async () => {
  const errors: string[] = [];
  const echoed: string[] = [];
  await Promise.all(
    Array.from({ length: 450 }, async (_, i) => {
      const db = pools[i % 3]!;
      try {
        if (i % 3 === 0) await db.query('INSERT INTO rows_seen (id, a, b) VALUES ($1, $2, $3)', [i, `a${i}`, `b${i}`]);
        else if (i % 3 === 1) {
          const [row] = await db.query<{ x: string }>('SELECT $1::text AS x', [`v${i}`]);
          if (row?.x !== `v${i}`) echoed.push(`${i}: ${row?.x}`);
        } else {
          await db.transaction(async (tx) => {
            await tx.query('INSERT INTO rows_seen (id, a, b) VALUES ($1, $2, $3)', [i, `a${i}`, `b${i}`]);
            await tx.query('UPDATE rows_seen SET b = $2 WHERE id = $1', [i, `b${i}`]);
          });
        }
      } catch (err) {
        errors.push((err as Error).message);
      }
    }),
  );
  expect(errors).toEqual([]);
  expect(echoed).toEqual([]);
  const rows = await pools[0]!.query<{ id: number; a: string; b: string }>('SELECT id, a, b FROM rows_seen');
  expect(rows).toHaveLength(300);
  expect(rows.filter((r) => r.a !== `a${r.id}` || r.b !== `b${r.id}`)).toEqual([]);
}, 60_000);

it('a failing statement fails alone; the others go on', async () => {
  const results = await Promise.allSettled(
    Array.from({ length: 60 }, (_, i) =>
      pools[i % 3]!.query<{ n: number }>(i % 4 === 0 ? 'SELECT 1 / ($1::int - $1::int) AS n' : 'SELECT $1::int AS n', [
        i,
      ]),
    ),
  );
  const failed = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
  expect(failed).toHaveLength(15);
  expect(failed.every((m) => m.includes('division by zero'))).toBe(true);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(45);
  expect(await pools[1]!.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
}, 60_000);

it('a connection lost inside a transaction is rolled back and blocks nobody', async () => {
  const client = new Client({ connectionString: t.url });
  client.on('error', () => undefined);
  await client.connect();
  await client.query('BEGIN');
  await client.query('INSERT INTO rows_seen (id, a, b) VALUES ($1, $2, $3)', [100_000, 'lost', 'lost']);
  // Another session does not see the uncommitted row and is not held up by it.
  expect(await pools[2]!.query('SELECT count(*)::text AS n FROM rows_seen WHERE id = $1', [100_000])).toEqual([
    { n: '0' },
  ]);
  (client as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
  // Once the server has noticed the lost connection, the same key can be inserted: its row was rolled back.
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await pools[2]!.query('INSERT INTO rows_seen (id, a, b) VALUES ($1, $2, $3)', [100_000, 'a', 'b']);
      break;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  expect(await pools[2]!.query('SELECT a FROM rows_seen WHERE id = $1', [100_000])).toEqual([{ a: 'a' }]);
}, 60_000);

it('gives each of 3,000 concurrent statements of one application pool its own answer', async () => {
  // The shape the benchmarks hit (API, worker activities and edge on one pool): plain parameterised reads,
  // inserts returning their row and short transactions, all at once, each checked against what it asked.
  const db = openDatabase({ url: t.url });
  try {
    await db.query('CREATE TABLE mixed (id serial PRIMARY KEY, a text NOT NULL)');
    const wrong: string[] = [];
    const failed: string[] = [];
    await Promise.all(
      Array.from({ length: 3000 }, async (_, i) => {
        try {
          let got: string | undefined;
          if (i % 3 === 0) got = (await db.query<{ v: string }>('SELECT $1::text AS v', [`r${i}`]))[0]?.v;
          else if (i % 3 === 1) {
            got = (await db.query<{ a: string }>('INSERT INTO mixed (a) VALUES ($1) RETURNING a', [`r${i}`]))[0]?.a;
          } else {
            got = await db.transaction(async (tx) => {
              await tx.query('SELECT count(*) FROM mixed WHERE a = $1', [`r${i}`]);
              return (await tx.query<{ v: string }>('SELECT $1::text AS v', [`r${i}`]))[0]?.v;
            });
          }
          if (got !== `r${i}`) wrong.push(`${i}: ${got}`);
        } catch (err) {
          failed.push(`${i}: ${(err as Error).message}`);
        }
      }),
    );
    expect(failed).toEqual([]);
    expect(wrong).toEqual([]);
    expect(await db.query('SELECT count(*)::int AS n FROM mixed')).toEqual([{ n: 1000 }]);
  } finally {
    await db.close();
  }
}, 120_000);
