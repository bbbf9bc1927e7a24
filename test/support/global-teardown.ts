/** Stops the shared dev server and the embedded PostgreSQL started by the global setup. */
export default async function globalTeardown(): Promise<void> {
  await Promise.all([globalThis.__terminusDevServer?.stop(), globalThis.__terminusTestPostgres?.stop()]);
}
