import { describe, expect, it } from 'vitest';
import { dateReader } from './date-layouts.ts';

const read = (format: Parameters<typeof dateReader>[0], cell: string, dateOnly = false) =>
  dateReader(format)(cell, dateOnly);

describe('date layouts', () => {
  it('reads token layouts into KPI-SPEC text without an offset', () => {
    expect(read('MM/DD/YYYY', '12/01/2026')).toEqual({ ok: true, text: '2026-12-01' });
    expect(read('MM/DD/YYYY', '3/4/2026')).toEqual({ ok: true, text: '2026-03-04' });
    expect(read('DD/MM/YYYY', '03/04/2026')).toEqual({ ok: true, text: '2026-04-03' });
    expect(read('DD.MM.YYYY', '31.12.2026')).toEqual({ ok: true, text: '2026-12-31' });
    expect(read('YYYY-MM-DD HH:mm', '2026-12-01 09:05')).toEqual({ ok: true, text: '2026-12-01T09:05:00' });
    expect(read('MM/DD/YYYY HH:mm', '12/01/2026 17:45')).toEqual({ ok: true, text: '2026-12-01T17:45:00' });
    expect(read('MM/DD/YYYY hh:mm A', '12/01/2026 05:45 PM')).toEqual({
      ok: true,
      text: '2026-12-01T17:45:00',
    });
    expect(read('MM/DD/YYYY hh:mm A', '12/01/2026 12:10 am')).toEqual({
      ok: true,
      text: '2026-12-01T00:10:00',
    });
  });

  it("reads a workbook's real date cells (ISO text from the XLSX reader) whatever layout is declared", () => {
    expect(read('YYYY-MM-DD HH:mm', '2026-12-01T13:30:05')).toEqual({
      ok: true,
      text: '2026-12-01T13:30:05',
    });
    expect(read('MM/DD/YYYY', '2026-12-01')).toEqual({ ok: true, text: '2026-12-01' });
    expect(read('DD/MM/YYYY', '2026-12-01T13:30:05', true)).toEqual({ ok: true, text: '2026-12-01' });
    expect(read('excel', '2026-12-01')).toEqual({ ok: true, text: '2026-12-01' });
    // Only that exact form: other text the layout refuses stays refused.
    expect(read('MM/DD/YYYY', '2026/12/01').ok).toBe(false);
    expect(read('MM/DD/YYYY', '2026-12-01 13:30').ok).toBe(false);
  });

  it('reads a time after a date-only layout, and drops it for date fields', () => {
    expect(read('DD/MM/YYYY', '25/12/2026 14:30')).toEqual({ ok: true, text: '2026-12-25T14:30:00' });
    expect(read('DD/MM/YYYY', '25/12/2026 2:30 PM')).toEqual({ ok: true, text: '2026-12-25T14:30:00' });
    expect(read('DD/MM/YYYY', '25/12/2026 14:30', true)).toEqual({ ok: true, text: '2026-12-25' });
  });

  it('refuses cells that are not in the layout or not real dates', () => {
    expect(read('MM/DD/YYYY', '2026.12.01')).toEqual({
      ok: false,
      reason: '"2026.12.01" is not a date in the layout MM/DD/YYYY',
    });
    expect(read('MM/DD/YYYY', '02/30/2026')).toEqual({
      ok: false,
      reason: '"02/30/2026" is not a real calendar date',
    });
    expect(read('YYYY-MM-DD HH:mm', '2026-12-01 24:00')).toEqual({
      ok: false,
      reason: '"2026-12-01 24:00" has a time of day out of range',
    });
  });

  it('auto: ISO passes, a day above 12 settles the order, otherwise the date is ambiguous', () => {
    expect(read('auto', '2026-12-01T10:00:00Z')).toEqual({ ok: true, text: '2026-12-01T10:00:00Z' });
    expect(read('auto', '25/12/2026')).toEqual({ ok: true, text: '2026-12-25' });
    expect(read('auto', '12/25/2026 08:00')).toEqual({ ok: true, text: '2026-12-25T08:00:00' });
    expect(read('auto', '04/04/2026')).toEqual({ ok: true, text: '2026-04-04' });
    expect(read('auto', '2026/1/5')).toEqual({ ok: true, text: '2026-01-05' });
    expect(read('auto', '03/04/2026')).toEqual({
      ok: false,
      reason: 'ambiguous date "03/04/2026": declare the date format (MM/DD/YYYY or DD/MM/YYYY)',
    });
    expect(read('auto', 'next week').ok).toBe(false);
    // Serials are not guessed under auto.
    expect(read('auto', '45992').ok).toBe(false);
  });

  it('excel: 1900-system serials, fractions as the time of day', () => {
    expect(read('excel', '45992')).toEqual({ ok: true, text: '2025-12-01' });
    expect(read('excel', '45992.75')).toEqual({ ok: true, text: '2025-12-01T18:00:00' });
    expect(read('excel', '61')).toEqual({ ok: true, text: '1900-03-01' });
    expect(read('excel', '45992.5', true)).toEqual({ ok: true, text: '2025-12-01' });
    expect(read('excel', '12/01/2026')).toEqual({
      ok: false,
      reason: '"12/01/2026" is not an Excel serial date (a number of days)',
    });
  });
});
