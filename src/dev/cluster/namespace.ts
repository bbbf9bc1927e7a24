import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/search-attributes';
import { INDEXED_VALUE_TYPES } from '../search-attribute-types';

/** gRPC status codes met here. */
const ALREADY_EXISTS = 6;

const code = (err: unknown): number | undefined => (err as { code?: number }).code;

/** Retries `attempt` every 500 ms until it succeeds or `deadline` passes (then the last error, named). */
async function until<T>(what: string, deadline: number, attempt: () => Promise<T>): Promise<T> {
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      return await attempt();
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${what}: not done before the deadline: ${last instanceof Error ? last.message : String(last)}`);
}

/**
 * Makes `namespace` ready for terminus on a fresh or existing Temporal server: registers it (retention
 * `retentionDays`) unless it exists, waits until it is usable (describe succeeds, and the matching and visibility
 * services resolve it: a new namespace reaches their caches only after some seconds), then registers every
 * custom search attribute terminus uses, ONE PER CALL (one call with several registers only the first on some
 * servers), skipping those already there, and waits until the server lists them all.
 */
export async function prepareNamespace(o: {
  address: string;
  namespace: string;
  retentionDays?: number;
  timeoutMs?: number;
  log?: (m: string) => void;
}): Promise<{ created: boolean; registered: string[] }> {
  const deadline = Date.now() + (o.timeoutMs ?? 120_000);
  const connection = await until('connect to Temporal', deadline, () =>
    Connection.connect({ address: o.address, connectTimeout: 2000 }),
  );
  try {
    const { workflowService, operatorService } = connection;
    const namespace = o.namespace;
    const created = await until(`register namespace ${namespace}`, deadline, async () => {
      try {
        await workflowService.registerNamespace({
          namespace,
          workflowExecutionRetentionPeriod: msToTs(`${o.retentionDays ?? 3} days`),
        });
        return true;
      } catch (err) {
        if (code(err) === ALREADY_EXISTS) return false;
        throw err;
      }
    });
    await until(`namespace ${namespace} visible`, deadline, async () => {
      await workflowService.describeNamespace({ namespace });
      await workflowService.describeTaskQueue({ namespace, taskQueue: { name: 'terminus-readiness' } });
      await workflowService.countWorkflowExecutions({ namespace, query: '' });
    });
    const registered: string[] = [];
    const existing = async (): Promise<Set<string>> =>
      new Set(Object.keys((await operatorService.listSearchAttributes({ namespace })).customAttributes ?? {}));
    const have = await until('list search attributes', deadline, existing);
    for (const key of ALL_SEARCH_ATTRIBUTES) {
      if (have.has(key.name)) continue;
      await until(`register search attribute ${key.name}`, deadline, async () => {
        try {
          await operatorService.addSearchAttributes({
            namespace,
            searchAttributes: { [key.name]: INDEXED_VALUE_TYPES[key.type] },
          });
        } catch (err) {
          if (code(err) !== ALREADY_EXISTS) throw err;
        }
      });
      registered.push(key.name);
      o.log?.(`search attribute ${key.name} registered`);
    }
    await until('search attributes listed', deadline, async () => {
      const now = await existing();
      const missing = ALL_SEARCH_ATTRIBUTES.filter((k) => !now.has(k.name)).map((k) => k.name);
      if (missing.length) throw new Error(`missing ${missing.join(', ')}`);
    });
    return { created, registered };
  } finally {
    await connection.close();
  }
}
