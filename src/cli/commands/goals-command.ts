import { type Command, Option } from 'commander';
import { dbOption, orgOption } from '../cli-options.ts';
import type { GoalsOptions } from './goals-action.ts';

export function registerGoalsCommand(program: Command): void {
  program
    .command('goals')
    .description(
      'print goal progress and pacing: current and upcoming goals first, their targets, status and what they still take',
    )
    .addOption(dbOption())
    .addOption(orgOption())
    .option(
      '--json',
      'print {"goals": [{id, name, progress, status, targets: […]}]} (progress as a fraction 0..1), in the same order',
    )
    .option('--all', 'also list the goals that ended before today (newest first, after the others)')
    .option(
      '--today <date>',
      'judge pacing as of this day (YYYY-MM-DD; default today in the organisation’s zone)',
    )
    .option('--folder <id>', 'only the goals of this folder (an id, or "none")')
    .addOption(new Option('--kind <kind>', 'only user goals or quota goals').choices(['user', 'quota']))
    .addOption(new Option('--lang <lang>', 'language of the table').choices(['en', 'id']).default('en'))
    // Loaded when the command runs: a definition loads only commander (CONTRIBUTING.md).
    .action(async (options: GoalsOptions) => (await import('./goals-action.ts')).printGoals(options));
}
