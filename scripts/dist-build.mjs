#!/usr/bin/env node
// The compiled CLI and server in dist/ (tsc -p tsconfig.build.json), and whether dist/ is current.
// bin/udn.js runs dist/ only when it is current, else the sources through tsx (docs/adr/0015-built-package.md);
// `npm start` (prestart), `npm test` (global set-up) and `npm pack` (prepack) build it.
//
//   node scripts/dist-build.mjs            build dist/
//   node scripts/dist-build.mjs --if-stale build dist/ only when a source changed since the last build
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Written last by a build, its modification time set to the build's start (see buildDist). */
const STAMP = path.join('dist', '.build-stamp');
/** What the build reads: a change to any of them (a file edited, added or removed) makes dist/ stale. */
const INPUTS = ['src', 'tsconfig.json', 'tsconfig.build.json'];

/** The latest modification time (ms) under `file`: files and folders (a removal changes its folder's). */
function newestChange(file) {
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  if (!stat) return 0;
  let newest = stat.mtimeMs;
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(file, { withFileTypes: true })) {
      // Tests are not compiled: editing one leaves dist/ current.
      if (entry.isFile() && entry.name.endsWith('.test.ts')) continue;
      newest = Math.max(newest, newestChange(path.join(file, entry.name)));
    }
  }
  return newest;
}

/**
 * dist/ holds what the sources compile to now: its stamp is older than no input. The stamp carries
 * the time the build started, so a file saved while tsc ran still counts as newer.
 */
export function distIsCurrent(root = ROOT) {
  const stamp = fs.statSync(path.join(root, STAMP), { throwIfNoEntry: false });
  if (!stamp) return false;
  return INPUTS.every((input) => newestChange(path.join(root, input)) < stamp.mtimeMs);
}

/**
 * Compiles into a folder of its own, then swaps it in: a process starting meanwhile finds either the
 * old dist/ with its stamp or none (and runs the sources), never a half-written one.
 */
export function buildDist(root = ROOT) {
  const started = new Date();
  const next = path.join(root, `dist.next-${process.pid}`);
  const old = path.join(root, `dist.old-${process.pid}`);
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', next], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    fs.rmSync(next, { recursive: true, force: true });
    throw new Error(`tsc -p tsconfig.build.json failed (exit ${result.status ?? result.signal})`);
  }
  const stamp = path.join(next, path.basename(STAMP));
  fs.writeFileSync(stamp, '');
  fs.utimesSync(stamp, started, started);
  const dist = path.join(root, 'dist');
  if (fs.existsSync(dist)) fs.renameSync(dist, old);
  try {
    fs.renameSync(next, dist);
  } catch (error) {
    // Another build swapped its dist/ in first: the same sources, so theirs serves.
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    fs.rmSync(next, { recursive: true, force: true });
  }
  fs.rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && distIsCurrent()) process.exit(0);
  const started = performance.now();
  buildDist();
  process.stdout.write(`udn: compiled src/ into dist/ (${Math.round(performance.now() - started)} ms)\n`);
}
