import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { udn } from '../../test/support/run-udn.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
};

// A module-resolution hook that writes every module the process loads to the file in UDN_TEST_LOADED.
const HOOKS = `import fs from 'node:fs';
export async function resolve(specifier, context, next) {
  const result = await next(specifier, context);
  fs.appendFileSync(process.env.UDN_TEST_LOADED, result.url + '\\n');
  return result;
}`;
const REGISTER = `import { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});`;

/** The npm packages `udn …args` loads, by name. */
async function packagesLoaded(args: readonly string[]): Promise<Set<string>> {
  const list = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'udn-loaded-')), 'loaded.txt');
  fs.writeFileSync(list, '');
  await run(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(REGISTER)}`,
      path.join(ROOT, 'bin/udn.js'),
      ...args,
    ],
    { cwd: ROOT, env: { ...process.env, UDN_TEST_LOADED: list } },
  );
  const names = fs
    .readFileSync(list, 'utf8')
    .split('\n')
    .map((url) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1])
    .filter((name): name is string => name !== undefined);
  fs.rmSync(path.dirname(list), { recursive: true, force: true });
  return new Set(names);
}

// Every command's definition is loaded on every start (CONTRIBUTING.md, "A command"): one that
// imports the store or the server slows every command, --version included.
describe('the commands load only what they run', () => {
  it('udn --version prints the package version', async () => {
    const { code, stdout } = await udn(['--version']);
    expect({ code, stdout }).toEqual({ code: 0, stdout: `${version}\n` });
  });

  it('udn --version and --help load commander alone of the dependencies', async () => {
    for (const args of [['--version'], ['--help']]) {
      const loaded = [...(await packagesLoaded(args))].filter((name) => name !== 'tsx' && name !== 'esbuild');
      expect(loaded, args.join(' ')).toEqual(['commander']);
    }
  });

  it('udn kpi on SQLite loads neither the server, pg, zod nor better-auth', async () => {
    const db = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'udn-light-')), 'empty.sqlite');
    await udn(['orgs', 'add', 'acme', '--db', db]);
    const loaded = await packagesLoaded(['kpi', '--period', '2026-Q1', '--json', '--db', db]);
    expect(loaded.has('kysely')).toBe(true);
    for (const heavy of ['fastify', 'pg', 'zod', 'better-auth', '@fastify/static', 'papaparse']) {
      expect(loaded.has(heavy), heavy).toBe(false);
    }
    fs.rmSync(path.dirname(db), { recursive: true, force: true });
  });
});
