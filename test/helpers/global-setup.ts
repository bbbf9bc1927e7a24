/** Replaced by the platform harness (binaries, shared dev server). */
export default async function globalSetup(): Promise<void> {}
