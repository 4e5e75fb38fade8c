import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/importer/presets/presets.ts';
import { en } from './en.ts';
import { id } from './id.ts';

describe('preset texts', () => {
  it('every shipped preset has its label and its limits in English and Bahasa Indonesia', () => {
    for (const preset of PRESETS) {
      for (const catalogue of [en, id] as Record<string, string>[]) {
        expect(catalogue[`data.preset.${preset.id}`], preset.id).toBeTruthy();
        expect(catalogue[`data.preset.${preset.id}.cannot`], preset.id).toBeTruthy();
      }
      // The English texts are the presets' own, so the CLI, the docs and the screen say the same.
      expect(en[`data.preset.${preset.id}` as keyof typeof en]).toBe(preset.label);
      expect(en[`data.preset.${preset.id}.cannot` as keyof typeof en]).toBe(preset.cannot);
    }
  });
});
