#!/usr/bin/env node
// The `terminus` command (package bin): runs the TypeScript CLI through tsx, so `npx terminus ...` in the
// repository and `npm link` both work without a build step.
'use strict';
require('tsx/cjs');
const { run } = require('../src/cli/main.ts');

// `terminus case list | head` closes the pipe early: that is not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then((code) => {
  process.exitCode = code;
});
