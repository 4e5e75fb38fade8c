#!/usr/bin/env -S node --max-old-space-size=1024
// A bounded old generation: batches keep memory flat; without a bound V8 lets garbage grow to
// gigabytes. No larger young generation: V8's heap flags hold for every thread of the process,
// so the import's parsing thread would get one too (docs/adr/0007-parse-thread.md).
// Runs the TypeScript sources directly (tsx), so `npx udn` needs no build step after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
