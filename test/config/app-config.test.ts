import { DEFAULT_TASK_QUEUE, loadAppConfig } from '../../src/config/app-config';
import { loadDevStackConfig } from '../../src/config/dev-stack';

describe('loadAppConfig', () => {
  it('defaults to the embedded stack on the default task queue', () => {
    const config = loadAppConfig({ TERMINUS_HOME: '/tmp/terminus-x' });
    expect(config.temporal.external).toBe(false);
    expect(config.temporal.taskQueue).toBe(DEFAULT_TASK_QUEUE);
    expect(config.temporal.namespace).toBe('default');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.home).toBe('/tmp/terminus-x');
    expect(config.worker.maxCachedWorkflows).toBe(1000);
  });

  it('uses an external Temporal (address, namespace, API key, TLS) through envconfig when TEMPORAL_ADDRESS is set', () => {
    const config = loadAppConfig({
      TEMPORAL_ADDRESS: 'my-ns.a1b2c.tmprl.cloud:7233',
      TEMPORAL_NAMESPACE: 'my-ns.a1b2c',
      TEMPORAL_API_KEY: 'secret-key',
      DATABASE_URL: 'postgres://u:p@db:5432/terminus',
    });
    expect(config.temporal.external).toBe(true);
    expect(config.temporal.namespace).toBe('my-ns.a1b2c');
    expect(config.temporal.connection.address).toBe('my-ns.a1b2c.tmprl.cloud:7233');
    expect(config.temporal.connection.apiKey).toBe('secret-key');
    // envconfig turns TLS on by default when an API key is given (Temporal Cloud).
    expect(config.temporal.connection.tls).toBeTruthy();
    expect(config.databaseUrl).toBe('postgres://u:p@db:5432/terminus');
  });

  it('names every bad variable at once', () => {
    expect(() =>
      loadAppConfig({
        TEMPORAL_ADDRESS: 'no-port',
        DATABASE_URL: 'mysql://x',
        TERMINUS_WORKER_MAX_ACTIVITIES: '0',
        TERMINUS_TASK_QUEUE: 'a b',
      }),
    ).toThrow(
      /TERMINUS_TASK_QUEUE: letters.*TEMPORAL_ADDRESS: host:port.*DATABASE_URL: a postgres:\/\/ URL.*TERMINUS_WORKER_MAX_ACTIVITIES: Too small/,
    );
  });

  it('parses the dev stack ports, 0 meaning "pick one", and refuses out-of-range ports', () => {
    expect(loadDevStackConfig({ TERMINUS_TEMPORAL_PORT: '0' }).temporalPort).toBe(0);
    expect(loadDevStackConfig({}).temporalUiPort).toBe(8233);
    expect(() => loadDevStackConfig({ TERMINUS_DB_PORT: '70000' })).toThrow(/TERMINUS_DB_PORT/);
  });
});
