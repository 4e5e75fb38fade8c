#!/usr/bin/env -S node --max-old-space-size=1024
// A bounded old generation: batches keep memory flat; without a bound V8 lets garbage grow to
// gigabytes. No larger young generation: V8's heap flags hold for every thread of the process,
// so the import's parsing thread would get one too (docs/adr/0007-parse-thread.md).
//
// Runs the compiled JavaScript of dist/. In a clone (src/ is there) only when dist/ is current — built
// after the last change to the sources — else the sources themselves through tsx, so a clone never
// runs stale code (docs/adr/0015-built-package.md). The installed package has no src/: dist/ only.
import fs from 'node:fs';
import module from 'node:module';

// Node 22.1+ keeps the compiled code of the modules on disk between runs (as npm does): most of a
// short command's time is loading modules. Node 20 has no such cache: nothing happens there.
module.enableCompileCache?.();

const clone = fs.existsSync(new URL('../src/cli/main.ts', import.meta.url));
if (!clone || (await import('../scripts/dist-build.mjs')).distIsCurrent()) {
  await import('../dist/cli/main.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
