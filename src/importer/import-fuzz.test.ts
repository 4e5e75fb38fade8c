import fs from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedFailure } from '../../bench/import-fuzz.ts';
import {
  caseArbitrary,
  checkCase,
  createFuzzStore,
  type FuzzStore,
  fuzzSettings,
} from '../../test/support/import-fuzz.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';

/**
 * The importer's property (issue 10): whatever is done to the example files' bytes, an import
 * either succeeds and leaves a consistent store, or is refused with errors that name a given file,
 * a line in it and one of its columns, and leaves the store byte for byte as it was. It never throws.
 * Error messages stay short and no control character or U+FFFD is ever stored (UDN_FUZZ_STRICT=0
 * leaves these two checks out). UDN_FUZZ_SEED / UDN_FUZZ_RUNS / UDN_FUZZ_PATH replay or widen a run;
 * UDN_FUZZ_CASES=<file> replays the failing cases `npm run bench -- --fuzz N` wrote.
 */

/** Cases per dialect in `npm test` (about 40 s together on 2 cores): PostgreSQL's cases are slower. */
const RUNS = { sqlite: 250, postgres: 50 } as const;

describe.each(DIALECTS)('importing mutated example files on %s', (dialect) => {
  let fuzz: FuzzStore;
  beforeAll(async () => {
    fuzz = await createFuzzStore(dialect);
  });
  afterAll(async () => {
    await fuzz?.dispose();
  });

  it('imports or refuses with located errors, never throws, never writes part', async () => {
    const settings = fuzzSettings(RUNS[dialect]);
    const tally = { imported: 0, refused: 0 };
    const started = performance.now();
    const details = await fc.check(
      fc.asyncProperty(caseArbitrary(), async (fuzzCase) => {
        tally[await checkCase(fuzz, fuzzCase, settings.check)]++;
      }),
      {
        seed: settings.seed,
        numRuns: settings.runs,
        ...(process.env.UDN_FUZZ_PATH ? { path: process.env.UDN_FUZZ_PATH } : {}),
      },
    );
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.info(
      `fuzz ${dialect}: ${details.numRuns} cases (${tally.imported} imported, ${tally.refused} refused) in ${seconds} s, seed ${settings.seed}`,
    );
    if (details.failed) {
      const replay = `UDN_FUZZ_SEED=${details.seed} UDN_FUZZ_PATH=${details.counterexamplePath} npx vitest run src/importer/import-fuzz.test.ts -t ${dialect}`;
      expect.fail(
        `${fc.defaultReportMessage(details)}\n\n${String(details.errorInstance)}\n\nReproduce: ${replay}`,
      );
    }
    // A run that only ever refused (or only imported) would not test the property's other half.
    if (settings.runs >= 50) {
      expect(tally.imported).toBeGreaterThan(settings.runs / 10);
      expect(tally.refused).toBeGreaterThan(settings.runs / 10);
    }
  }, 600_000);

  it.runIf(process.env.UDN_FUZZ_CASES)('replays the recorded failing cases', async () => {
    const recorded = JSON.parse(fs.readFileSync(process.env.UDN_FUZZ_CASES!, 'utf8')) as RecordedFailure[];
    const settings = fuzzSettings(0);
    for (const failure of recorded.filter((f) => f.dialect === dialect)) {
      await expect(
        checkCase(fuzz, failure.fuzzCase, settings.check),
        `case ${failure.index}`,
      ).resolves.toMatch(/imported|refused/);
    }
  });
});
