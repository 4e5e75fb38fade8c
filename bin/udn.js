#!/usr/bin/env -S node --max-semi-space-size=64 --max-old-space-size=1024
// A larger young generation (an import of millions of rows collects garbage a third as often) and a
// bounded old one (batches keep memory flat; without a bound V8 lets garbage grow to gigabytes).
// Runs the TypeScript sources directly (tsx), so `npx udn` needs no build step after `npm install`.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
