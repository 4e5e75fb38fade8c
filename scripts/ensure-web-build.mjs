#!/usr/bin/env node
// Run by `npm start` (prestart): builds the web app once when web/dist is missing, so a fresh clone
// serves the full app on the first `npm start`. A failed build still lets the API start.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'web', 'dist', 'index.html');
const config = path.join(root, 'web', 'vite.config.ts');

if (fs.existsSync(built)) process.exit(0);
if (!fs.existsSync(config)) {
  process.stderr.write('udn: web/vite.config.ts not found: serving the API only\n');
  process.exit(0);
}
process.stdout.write('udn: web app not built yet: running "npm run build:web" (once) …\n');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['run', 'build:web'], { cwd: root, stdio: 'inherit' });
if (result.status !== 0) {
  process.stderr.write('udn: the web build failed: serving the API only (see the output above)\n');
}
process.exit(0);
