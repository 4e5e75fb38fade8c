import { Option } from 'commander';

// Options shared by the commands' definitions. This file imports nothing but commander: every
// command's definition loads it, also for `udn --help` and `udn --version` (CONTRIBUTING.md).

/** The --db option every command that opens the store takes. */
export const dbOption = () =>
  new Option(
    '--db <target>',
    'SQLite file path or postgres:// URL (default: env UDN_DB, else ./data/udn.sqlite)',
  );

/** The --org option of the commands that work on one organisation. */
export const orgOption = () =>
  new Option('--org <slug>', 'the organisation (its slug; default: the only one)');
