import type { Preset } from '../../core/contracts/mapping.ts';
import { HUBSPOT_PRESETS } from './hubspot.ts';
import { PIPEDRIVE_PRESETS } from './pipedrive.ts';
import { SALESFORCE_PRESETS } from './salesforce.ts';
import { SPREADSHEET_PRESETS } from './spreadsheet.ts';
import { ZOHO_PRESETS } from './zoho.ts';

/** Every standard export UDN recognises by its header, vendor by vendor. */
export const PRESETS: readonly Preset[] = [
  ...HUBSPOT_PRESETS,
  ...PIPEDRIVE_PRESETS,
  ...SALESFORCE_PRESETS,
  ...ZOHO_PRESETS,
  ...SPREADSHEET_PRESETS,
];

const normalise = (header: string): string => header.trim().toLowerCase();

/**
 * The presets whose signature the header holds in full (trimmed, ignoring case), most specific
 * (longest signature) first.
 */
export function presetsMatching(header: readonly string[]): Preset[] {
  const names = new Set(header.map(normalise));
  return PRESETS.filter((preset) => preset.signature.every((name) => names.has(normalise(name)))).sort(
    (a, b) => b.signature.length - a.signature.length,
  );
}

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((preset) => preset.id === id);
}
