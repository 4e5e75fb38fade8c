import type { GoalFolderFilter } from '../../api/query-keys.ts';

/** The goals page's `?folder=` (a folder id, `none`, or absent for every folder). */
export function folderOf(text: string | null): GoalFolderFilter {
  if (text === 'none') return 'none';
  const id = Number(text);
  return Number.isInteger(id) && id > 0 ? id : 'all';
}
