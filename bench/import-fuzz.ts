import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { DialectName } from '../src/db/database.ts';
import {
  caseArbitrary,
  checkCase,
  createFuzzStore,
  type FuzzCase,
  FuzzFailure,
  type Outcome,
} from '../test/support/import-fuzz.ts';

export interface FuzzBenchResult {
  dialect: DialectName;
  seed: number;
  cases: number;
  imported: number;
  refused: number;
  failures: number;
  seconds: number;
  casesPerSecond: number;
}

/** A failing case as written to the failures file, which the fuzz test replays (UDN_FUZZ_CASES). */
export interface RecordedFailure {
  dialect: DialectName;
  index: number;
  reason: string;
  fuzzCase: FuzzCase;
}

/**
 * The importer's fuzz at length (`npm run bench -- --fuzz 5000`): the property of
 * src/importer/import-fuzz.test.ts over many more cases, with every mutation and input class and
 * the strict checks on, counting failures instead of stopping at the first. Failing cases go to
 * `failuresFile` in full, to be replayed by the test.
 */
export async function benchImportFuzz(options: {
  dialect: DialectName;
  cases: number;
  seed: number;
  strict: boolean;
  failuresFile: string;
}): Promise<FuzzBenchResult> {
  const fuzz = await createFuzzStore(options.dialect);
  const tally: Record<Outcome | 'failures', number> = { imported: 0, refused: 0, failures: 0 };
  const failures: RecordedFailure[] = [];
  const started = performance.now();
  let index = 0;
  try {
    await fc.assert(
      fc.asyncProperty(caseArbitrary({ parseThreadOneIn: 50 }), async (fuzzCase) => {
        const at = index++;
        try {
          tally[
            await checkCase(fuzz, fuzzCase, { messageLimit: options.strict, cleanText: options.strict })
          ]++;
        } catch (error) {
          if (!(error instanceof FuzzFailure)) throw error;
          tally.failures++;
          failures.push({ dialect: options.dialect, index: at, reason: error.message, fuzzCase });
          if (failures.length <= 5)
            console.error(`${options.dialect} case ${at}: ${error.message.slice(0, 600)}`);
        }
        if (at > 0 && at % 500 === 0) console.error(`${options.dialect}: ${at} cases …`);
      }),
      { seed: options.seed, numRuns: options.cases },
    );
  } finally {
    await fuzz.dispose();
  }
  const seconds = (performance.now() - started) / 1000;
  if (failures.length > 0) {
    fs.mkdirSync(path.dirname(options.failuresFile), { recursive: true });
    const earlier = fs.existsSync(options.failuresFile)
      ? (JSON.parse(fs.readFileSync(options.failuresFile, 'utf8')) as RecordedFailure[])
      : [];
    fs.writeFileSync(options.failuresFile, JSON.stringify([...earlier, ...failures]));
  }
  return {
    dialect: options.dialect,
    seed: options.seed,
    cases: index,
    imported: tally.imported,
    refused: tally.refused,
    failures: tally.failures,
    seconds,
    casesPerSecond: index / seconds,
  };
}
