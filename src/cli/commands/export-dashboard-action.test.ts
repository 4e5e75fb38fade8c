import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFParse } from 'pdf-parse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { udn } from '../../../test/support/run-udn.ts';
import { SMALL } from '../../../test/support/test-app.ts';
import { createTestStore, DIALECTS, type TestStore } from '../../../test/support/test-stores.ts';
import { filesInDirectory } from '../../importer/import-source.ts';
import { runImport } from '../../importer/run-import.ts';
import { decodePng, inkedPixels, pngSize } from '../../services/render/png-pixels.ts';
import type { ExportDashboardOptions } from './export-command.ts';
import { exportDashboardAction } from './export-dashboard-action.ts';

// The real CLI in a child process, on a store of each dialect holding the small example.
describe.each(DIALECTS)('udn export dashboard on %s', (dialect) => {
  let store: TestStore;
  let dir: string;
  beforeAll(async () => {
    store = await createTestStore(dialect);
    const result = await runImport(store, filesInDirectory(SMALL.dataDir).files, { source: 'test' });
    expect(result.errors).toEqual([]);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'udn-export-dashboard-'));
  });
  afterAll(async () => {
    await store.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes the default dashboard, named by its name, as a Letter PDF of the period', async () => {
    const out = path.join(dir, 'board.pdf');
    const run = await udn([
      'export',
      'dashboard',
      'sales kpis',
      '--format',
      'pdf',
      '--paper',
      'letter',
      '--period',
      '2026-Q1',
      '--out',
      out,
      '--db',
      store.location,
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `wrote "Sales KPIs" (Q1 2026 (Jan 1, 2026 – Mar 31, 2026)) as PDF to ${out}`,
    );
    const pdf = fs.readFileSync(out);
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 792 612]');
    const parser = new PDFParse({ data: new Uint8Array(pdf) });
    const { text } = await parser.getText();
    await parser.destroy();
    // The command line is the administrator: every rep, and the organisation's revenue by hand.
    expect(text).toContain('Rep 12');
    expect(text).toMatch(/Organisation \$221,903\.21/);
  });

  // In the process from here on: one child process per dialect above proves the command's wiring.
  const options = (out: string, more: Partial<ExportDashboardOptions> = {}): ExportDashboardOptions => ({
    format: 'png',
    out,
    period: '2026-Q1',
    db: store.location,
    ...more,
  });

  it('writes one widget as a PNG with --widget, the whole dashboard as one tall PNG without', async () => {
    const one = path.join(dir, 'trend.png');
    await exportDashboardAction('1', options(one, { widget: 'revenue-trend' }));
    expect(pngSize(fs.readFileSync(one)).width).toBe(1280);
    const all = path.join(dir, 'all.png');
    await exportDashboardAction('Sales KPIs', options(all));
    const image = decodePng(fs.readFileSync(all));
    expect(image.width).toBe(1200);
    // Every widget stacked: far taller than wide.
    expect(image.height).toBeGreaterThan(2 * image.width);
    expect(inkedPixels(image)).toBeGreaterThan(50_000);
  });

  it.each([
    ['nope', {}, '<dashboard>: no dashboard "nope" (there are: 1 "Sales KPIs")'],
    ['1', { widget: 'ghost' }, '--widget: widget ghost does not exist'],
    ['1', { period: '2026-Q7' }, '--period: period "2026-Q7" is not a named period'],
    ['1', { format: 'pdf', widget: 'funnel' }, '--widget: a PDF is the whole dashboard'],
    ['1', { scope: 'galaxy' }, '--scope: must be org'],
  ] as const)(
    'dashboard %s with %o fails naming the option, writing nothing',
    async (dashboard, more, message) => {
      const out = path.join(dir, 'never.out');
      await expect(exportDashboardAction(dashboard, options(out, more))).rejects.toThrow(message);
      expect(fs.existsSync(out)).toBe(false);
    },
  );
});
