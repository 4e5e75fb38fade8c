import { describe, expect, it } from 'vitest';
import { DEFAULT_ORG_SETTINGS, ORG_JSON_KEYS, orgJsonSchema } from './org-settings.ts';

describe('org.json (KPI-SPEC §1)', () => {
  it('defaults to UTC, USD, a January fiscal year and a gross margin of 1', () => {
    expect(DEFAULT_ORG_SETTINGS).toMatchObject({
      timezone: 'UTC',
      currency: 'USD',
      fiscal_year_start_month: 1,
      gross_margin: 1,
    });
  });

  it('knows the five keys', () => {
    expect([...ORG_JSON_KEYS].sort()).toEqual([
      'currency',
      'fiscal_year_start_month',
      'gross_margin',
      'name',
      'timezone',
    ]);
  });

  it('accepts the example file and an empty one', () => {
    const example = {
      name: 'Acme',
      timezone: 'Asia/Jakarta',
      currency: 'USD',
      fiscal_year_start_month: 1,
      gross_margin: 0.8,
    };
    expect(orgJsonSchema.parse(example)).toEqual(example);
    expect(orgJsonSchema.parse({})).toEqual({});
  });

  it.each([
    [{ timezone: 'Mars/Olympus_Mons' }, 'timezone'],
    [{ currency: 'XYZ1' }, 'currency'],
    [{ fiscal_year_start_month: 0 }, 'fiscal_year_start_month'],
    [{ fiscal_year_start_month: 13 }, 'fiscal_year_start_month'],
    [{ fiscal_year_start_month: 4.5 }, 'fiscal_year_start_month'],
    [{ gross_margin: 1.5 }, 'gross_margin'],
    [{ gross_margin: -0.1 }, 'gross_margin'],
    [{ name: '' }, 'name'],
  ])('rejects %j', (input, key) => {
    const result = orgJsonSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual([key]);
  });
});
