import fs from 'node:fs';
import { expect, it } from 'vitest';
import { renderKpiDocs } from './kpi-docs.ts';

it('docs/kpis.md is the current catalogue (run `npm run docs:kpis` after changing definitions.ts)', () => {
  const committed = fs.readFileSync(new URL('../../../docs/kpis.md', import.meta.url), 'utf8');
  expect(committed).toBe(renderKpiDocs());
});
