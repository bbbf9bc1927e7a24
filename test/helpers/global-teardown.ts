/** Replaced by the platform harness. */
export default async function globalTeardown(): Promise<void> {}
