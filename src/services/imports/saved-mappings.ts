import type { Mapping, SavedMapping } from '../../core/contracts/mapping.ts';
import { DomainError, invalid, notFound } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import {
  deleteSavedMapping,
  getSavedMapping,
  listSavedMappings,
  saveMapping,
} from '../../db/import-mappings-repo.ts';
import { sourcesUsingMapping } from '../../db/import-sources-repo.ts';

const NAME_MAX = 100;

/**
 * A saved mapping's name as the organisation chooses it (`HubSpot deals`), trimmed. Control
 * characters and slashes are refused: the name is a path segment of the API and a file name of
 * the download.
 */
export function mappingName(raw: string): string {
  const name = raw.trim();
  if (name === '') throw invalid('name', 'give the mapping a name', { rule: 'required' });
  if (name.length > NAME_MAX)
    throw invalid('name', `is longer than ${NAME_MAX} characters`, { rule: 'max_length', max: NAME_MAX });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\u0000-\u001f\u007f/\\]/.test(name))
    throw invalid('name', 'may not hold slashes or control characters', { rule: 'characters' });
  return name;
}

/** The file a saved mapping downloads as, which `udn import --mapping FILE` reads back. */
export const mappingFileName = (name: string): string => `${name}.udn-mapping.json`;

export const savedMappings = (store: Store, orgId: number): Promise<SavedMapping[]> =>
  listSavedMappings(store.db, orgId);

export async function savedMapping(store: Store, orgId: number, name: string): Promise<SavedMapping> {
  const found = await getSavedMapping(store.db, orgId, mappingName(name));
  if (!found) throw notFound('mapping', name, 'name');
  return found;
}

/** Saves (creates or replaces) a mapping validated by the contract's schema. */
export function storeMapping(
  store: Store,
  orgId: number,
  name: string,
  mapping: Mapping,
  userId: string | null,
): Promise<{ saved: SavedMapping; before: Mapping | undefined }> {
  return saveMapping(store.db, orgId, mappingName(name), mapping, userId);
}

/** Deletes a saved mapping no scheduled source imports through: theirs would fail at the next run. */
export async function removeMapping(store: Store, orgId: number, name: string): Promise<Mapping> {
  const users = await sourcesUsingMapping(store.db, orgId, mappingName(name));
  if (users.length > 0)
    throw new DomainError(
      'conflict',
      `scheduled source${users.length === 1 ? '' : 's'} ${users.map((u) => `"${u}"`).join(', ')} import${users.length === 1 ? 's' : ''} through this mapping: give ${users.length === 1 ? 'it' : 'them'} another mapping first`,
      { field: 'name', params: { sources: users.join(', ') } },
    );
  const before = await deleteSavedMapping(store.db, orgId, mappingName(name));
  if (!before) throw notFound('mapping', name, 'name');
  return before;
}
