/** Stops the shared dev server started by the global setup. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__terminusDevServer?.stop();
}
