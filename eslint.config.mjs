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
            { group: forbidden.filter((m) => m.includes('*')), message: 'No I/O libraries in workflow/domain code.' },
            {
              group: ['**/adapters/**', '**/db/**', '**/api/**', '**/cli/**', '**/dev/**', '**/config/**', '**/platform/**'],
              message: 'Workflow and domain code must not reach the project\'s I/O modules.',
            },
            {
              group: ['**/activities/**'],
              allowTypeImports: true,
              message: 'Workflows may import activities only with `import type`.',
            },
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
