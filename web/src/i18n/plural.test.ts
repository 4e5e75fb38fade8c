import { describe, expect, it } from 'vitest';
import { plural } from './plural.ts';

const GOALS = '{count, plural, one {# goal} other {# goals}}';

describe('plural messages', () => {
  it('picks the English form by Intl.PluralRules', () => {
    expect(plural(GOALS, 'en', { count: 1 })).toBe('1 goal');
    expect(plural(GOALS, 'en', { count: 0 })).toBe('0 goals');
    expect(plural(GOALS, 'en', { count: 2 })).toBe('2 goals');
  });

  it('writes # as the language writes numbers', () => {
    expect(plural(GOALS, 'en', { count: 1234 })).toBe('1,234 goals');
    expect(plural('{count, plural, other {# sasaran}}', 'id', { count: 1234 })).toBe('1.234 sasaran');
  });

  it('uses the only form Indonesian has, whatever the number', () => {
    expect(plural('{count, plural, other {# tugas}}', 'id', { count: 1 })).toBe('1 tugas');
    // A text without a block is left to the placeholder step.
    expect(plural('{count} sasaran', 'id', { count: 1 })).toBe('{count} sasaran');
  });

  it('prefers an exact match and keeps the text and placeholders around the block', () => {
    const text =
      'Delete “{name}”? {count, plural, =0 {It is empty} one {Its goal stays} other {Its # goals stay}}.';
    expect(plural(text, 'en', { name: 'Q1', count: 0 })).toBe('Delete “{name}”? It is empty.');
    expect(plural(text, 'en', { name: 'Q1', count: 1 })).toBe('Delete “{name}”? Its goal stays.');
    expect(plural(text, 'en', { name: 'Q1', count: 3 })).toBe('Delete “{name}”? Its 3 goals stay.');
  });

  it('keeps placeholders inside a branch and resolves two blocks', () => {
    const text =
      '{count, plural, one {# error in {file}} other {# errors in {file}}}, {kinds, plural, one {# kind} other {# kinds}}';
    expect(plural(text, 'en', { count: 1, kinds: 2, file: 'deals.csv' })).toBe('1 error in {file}, 2 kinds');
  });

  it('falls back to other for a value that is not a number', () => {
    expect(plural(GOALS, 'en', { count: 'many' })).toBe('many goals');
  });
});
