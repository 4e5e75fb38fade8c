import fs from 'node:fs';
import { renderKpiDocs } from '../src/core/kpis/kpi-docs.ts';

fs.writeFileSync(new URL('../docs/kpis.md', import.meta.url), renderKpiDocs());
