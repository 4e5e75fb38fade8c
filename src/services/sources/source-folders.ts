import fs from 'node:fs';
import path from 'node:path';
import { invalid } from '../../core/errors.ts';

export const FOLDERS_VARIABLE = 'UDN_SOURCE_FOLDERS';

/** The directories folder sources may read (UDN_SOURCE_FOLDERS, colon-separated), resolved. */
export function allowedFolderRoots(env: NodeJS.ProcessEnv = process.env): string[] {
  return (env[FOLDERS_VARIABLE] ?? '')
    .split(':')
    .map((root) => root.trim())
    .filter((root) => root !== '')
    .map((root) => {
      try {
        return fs.realpathSync(root);
      } catch {
        return path.resolve(root);
      }
    });
}

/**
 * The real path of a folder source's directory, refused (naming `field`) unless it lies under an
 * allowed root: links are resolved first, so a link inside a root cannot point outside it.
 */
export function checkedFolder(folder: string, field: string, env: NodeJS.ProcessEnv = process.env): string {
  const roots = allowedFolderRoots(env);
  if (roots.length === 0)
    throw invalid(
      field,
      `folder sources are turned off on this server: set ${FOLDERS_VARIABLE} to the directories they may read (colon-separated)`,
    );
  if (!path.isAbsolute(folder)) throw invalid(field, `give an absolute path, not "${folder}"`);
  let real: string;
  try {
    real = fs.realpathSync(folder);
  } catch {
    throw invalid(field, `folder ${folder} does not exist`);
  }
  if (!fs.statSync(real).isDirectory()) throw invalid(field, `${folder} is not a folder`);
  const inside = roots.some((root) => {
    const relative = path.relative(root, real);
    return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
  });
  if (!inside)
    throw invalid(
      field,
      `folder ${folder} is not under a directory ${FOLDERS_VARIABLE} allows (${roots.join(':')})`,
    );
  return real;
}
