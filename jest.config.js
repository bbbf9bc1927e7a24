/** Jest runs TypeScript through SWC (fast on 2 cores); `npm run typecheck` is the type gate. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // The fault suite and the cluster profile's test start and kill servers for minutes: their own scripts
  // (`npm run test:faults`, which `npm test` runs too, and `npm run test:cluster`).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/', '<rootDir>/test/cluster/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  setupFiles: ['<rootDir>/test/support/quiet-runtime.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
  // Temporal's native runtime is process-wide; isolating modules per file keeps workers from leaking across files.
  verbose: false,
};
