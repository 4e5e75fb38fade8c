import { describe, expect, it } from 'vitest';
import { exportFileName, fileNamePart, periodPart } from './file-name.ts';
import { moneyDisplayDigits } from './money-digits.ts';
import { isFormulaLike, neutraliseText } from './neutralise.ts';

describe('formula injection', () => {
  it('prefixes text a spreadsheet would run as a formula with an apostrophe', () => {
    expect(neutraliseText('=1+1')).toBe("'=1+1");
    expect(neutraliseText('+SUM(A1)')).toBe("'+SUM(A1)");
    expect(neutraliseText('-2+3')).toBe("'-2+3");
    expect(neutraliseText('@cmd')).toBe("'@cmd");
    expect(neutraliseText('\t=cmd')).toBe("'\t=cmd");
    expect(neutraliseText('\r=cmd')).toBe("'\r=cmd");
  });

  it('leaves other text as it is', () => {
    for (const text of ['Rep 1', 'a=b', '', ' =1', 'Jakarta', "'quoted", 'Rp 9.900.000', 'café']) {
      expect(isFormulaLike(text), text).toBe(false);
      expect(neutraliseText(text)).toBe(text);
    }
  });
});

describe('export file names', () => {
  it('names the kind, metric, period and a scope other than the organisation', () => {
    expect(exportFileName({ kind: 'kpis', extension: 'xlsx', period: '2026-12' })).toBe(
      'udn-kpis-2026-12.xlsx',
    );
    expect(
      exportFileName({
        kind: 'drilldown',
        extension: 'csv',
        metric: 'revenue',
        period: '2026-Q1',
        scope: { kind: 'team', name: 'Jakarta Selatan' },
      }),
    ).toBe('udn-drilldown-revenue-2026-Q1-team-Jakarta-Selatan.csv');
    expect(exportFileName({ kind: 'kpis', extension: 'csv', period: '2026', scope: { kind: 'org' } })).toBe(
      'udn-kpis-2026.csv',
    );
    expect(exportFileName({ kind: 'goals', extension: 'csv' })).toBe('udn-goals.csv');
  });

  it('keeps only safe characters: no quotes, slashes or accents reach a header', () => {
    expect(fileNamePart('rep:"R/01"\r\nX')).toBe('rep-R-01-X');
    expect(fileNamePart('Surabaya Café')).toBe('Surabaya-Cafe');
    expect(fileNamePart('../../etc')).toBe('..-..-etc');
  });

  it('a period is named as asked, or by its days when cut to date or given as from/to', () => {
    const range = { from: '2026-12-01', to: '2026-12-06' };
    expect(periodPart({ period: '2026-12' }, range)).toBe('2026-12');
    expect(periodPart({ period: '2026-12', asof: '2026-12-06' }, range)).toBe('2026-12-01_2026-12-06');
    expect(periodPart({}, range)).toBe('2026-12-01_2026-12-06');
  });
});

describe('money decimals in a spreadsheet', () => {
  it('are those people read: Rupiah none, dollars two, yen none', () => {
    expect(moneyDisplayDigits('IDR')).toBe(0);
    expect(moneyDisplayDigits('USD')).toBe(2);
    expect(moneyDisplayDigits('JPY')).toBe(0);
    expect(moneyDisplayDigits('EUR')).toBe(2);
  });
});
