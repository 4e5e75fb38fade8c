import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The conformance examples, copied into the repository (conformance/README.md). */
export const EXAMPLES_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../conformance/examples',
);

/** The originals beside the repository, when present (the copy is checked against them). */
export const SHARED_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../shared');

export interface ExpectedReport {
  example: string;
  from: string;
  to: string;
  file: string;
  report: unknown;
}

/** Every `expected/FROM_TO.json` of an example, with its data directory. */
export function expectedReports(example: string): { dataDir: string; reports: ExpectedReport[] } {
  const dir = path.join(EXAMPLES_DIR, example);
  const expectedDir = path.join(dir, 'expected');
  const reports = fs
    .readdirSync(expectedDir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const [from, to] = name.replace(/\.json$/, '').split('_') as [string, string];
      return {
        example,
        from,
        to,
        file: name,
        report: JSON.parse(fs.readFileSync(path.join(expectedDir, name), 'utf8')) as unknown,
      };
    });
  return { dataDir: path.join(dir, 'data'), reports };
}

export function exampleNames(): string[] {
  return fs
    .readdirSync(EXAMPLES_DIR)
    .filter((name) => fs.existsSync(path.join(EXAMPLES_DIR, name, 'expected')));
}
