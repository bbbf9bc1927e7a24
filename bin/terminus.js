#!/usr/bin/env node
// The `terminus` command (package bin): runs the TypeScript CLI through tsx, so `npx terminus ...` in the
// repository and `npm link` both work without a build step.
'use strict';
require('tsx/cjs');
const { run } = require('../src/cli/main.ts');

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
  process.exitCode = code;
});
