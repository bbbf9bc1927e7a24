// Lint: type-aware typescript-eslint; floating promises are errors (a lost promise in a worker is a lost step);
// workflow code may import only deterministic modules (domain/, workflow SDK, type-only activity imports).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http',
  'http2', 'https', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'tls', 'url', 'util',
  'worker_threads', 'zlib', 'timers',
];
const workflowForbidden = [
  ...nodeBuiltins.flatMap((m) => [m, `node:${m}`]),
  'zod', 'pg', 'pino', 'nodemailer', 'luxon', 'dns-packet', 'hono', '@hono/*', '@electric-sql/*',
  '@temporalio/client', '@temporalio/worker', '@temporalio/activity', '@temporalio/testing',
];

const privateSdkPaths = {
  group: ['@temporalio/*/*'],
  message: 'Import the Temporal SDK only from its package entry points (@temporalio/<pkg>): deeper paths are private.',
};
/** Import patterns that reach the given top-level folders of src/ from anywhere below src/. */
const layer = (folders) => folders.flatMap((f) => [`../${f}`, `../${f}/**`, `**/../${f}`, `**/../${f}/**`]);

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.terminus/**', 'coverage/**', 'test-artifacts/**', 'bin/**', '*.config.js', 'eslint.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { prefer: 'type-imports', fixStyle: 'inline-type-imports' }],
    },
  },
  // The Temporal SDK only through its package entry points: deeper paths are private and change without notice.
  { rules: { 'no-restricted-imports': ['error', { patterns: [privateSdkPaths] }] } },
  ...[
    { files: ['src/workflows/**/*.ts'], forbidden: workflowForbidden },
    // Domain rules may use luxon (cutoff arithmetic), but only activities call them: the result is persisted.
    { files: ['src/domain/**/*.ts'], forbidden: workflowForbidden.filter((m) => m !== 'luxon') },
  ].map(({ files, forbidden }) => ({
    files,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: forbidden.filter((m) => !m.includes('*')).map((name) => ({
            name,
            message: 'Workflow and domain code must stay deterministic: no Node built-ins, I/O libraries or zod.',
          })),
          patterns: [
            privateSdkPaths,
            { group: forbidden.filter((m) => m.includes('*')), message: 'No I/O libraries in workflow/domain code.' },
            {
              group: layer(['adapters', 'db', 'api', 'cli', 'dev', 'config', 'platform', 'services', 'worker']),
              message: 'Workflow and domain code must not reach the project\'s I/O modules or the layers above.',
            },
            ...(files[0].startsWith('src/domain')
              ? [{ group: layer(['activities', 'workflows']), message: 'The domain imports nothing outside the domain.' }]
              : [
                  {
                    group: layer(['activities']),
                    allowTypeImports: true,
                    message: 'Workflows may import activities only with `import type`.',
                  },
                ]),
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'No environment access in workflow/domain code.' },
        { name: 'require', message: 'No dynamic requires in workflow/domain code.' },
      ],
    },
  })),
  // Data flows one way: edge (api, cli) -> services -> Temporal -> workflows -> activities -> adapters. Each layer
  // names what it may not import (its folder README says what it may).
  ...Object.entries({
    activities: ['workflows', 'services', 'api', 'cli', 'dev', 'worker'],
    adapters: ['activities', 'workflows', 'services', 'api', 'cli', 'dev', 'worker'],
    config: ['activities', 'workflows', 'services', 'api', 'cli', 'dev', 'worker'],
    db: ['domain', 'activities', 'adapters', 'workflows', 'services', 'api', 'cli', 'dev', 'worker', 'config'],
    platform: ['domain', 'activities', 'adapters', 'workflows', 'services', 'api', 'cli', 'dev', 'worker', 'config', 'db'],
    services: ['activities', 'adapters', 'api', 'cli', 'dev', 'worker'],
    api: ['activities', 'adapters', 'cli', 'dev', 'worker'],
    console: ['activities', 'adapters', 'workflows', 'cli', 'dev', 'worker'],
    cli: ['activities', 'workflows', 'dev', 'worker'],
    worker: ['api', 'cli', 'dev', 'services'],
  }).map(([folder, forbidden]) => ({
    files: [`src/${folder}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            privateSdkPaths,
            { group: layer(forbidden), message: `src/${folder} may not import ${forbidden.join(', ')} (see its README).` },
          ],
        },
      ],
    },
  })),
  // The API's entry point composes its process: besides what src/api may import, it alone wires the sandbox
  // control of src/dev (the /sandbox routes a sandbox-edge profile turns on with TERMINUS_SANDBOX_ROUTES) and the
  // case_items store the worker's account activities write (GET /cases/{id}/items).
  {
    files: ['src/api/main.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            privateSdkPaths,
            {
              regex: '(^|/)\\.\\./(activities(?!/account-items-store$)|adapters|cli|worker)(/|$)',
              message:
                'src/api/main.ts may not import activities (but the item store), adapters, cli, worker (see src/api/README.md).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
