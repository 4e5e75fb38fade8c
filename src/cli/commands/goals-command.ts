import { type Command, Option } from 'commander';
import { parseIsoDate } from '../../core/calendar-date.ts';
import type { GoalList, PaceStatusText } from '../../core/contracts/goals.ts';
import { formatValue } from '../../core/format.ts';
import type { Locale, MetricUnit } from '../../core/kpis/definitions.ts';
import { goalProgressOf } from '../../services/goals/goal-progress.ts';
import { listGoals } from '../../services/goals/goals-service.ts';
import { CliError, dbOption, requireOrg, withStore } from '../cli-shared.ts';

const STATUS: Record<Locale, Record<PaceStatusText, string>> = {
  en: {
    achieved: 'achieved',
    on_track: 'on track',
    at_risk: 'at risk',
    off_track: 'off track',
    missed: 'missed',
    not_started: 'not started',
    no_data: 'no data',
  },
  id: {
    achieved: 'tercapai',
    on_track: 'sesuai jalur',
    at_risk: 'berisiko',
    off_track: 'tertinggal',
    missed: 'tidak tercapai',
    not_started: 'belum mulai',
    no_data: 'tanpa data',
  },
};

const WORDS: Record<Locale, Record<string, string>> = {
  en: {
    target: 'Target',
    kind: 'Kind',
    current: 'Current',
    goal: 'Goal',
    progress: 'Progress',
    status: 'Status',
    perWeek: 'Needed / week',
    expected: 'expected',
    due: 'due',
    daysLeft: 'days left',
    none: 'No goals yet: import targets.csv, or create goals in the web app or through /api/v1/goals.',
    done: 'done',
    notDone: 'not done',
    tasks: 'tasks',
  },
  id: {
    target: 'Target',
    kind: 'Jenis',
    current: 'Saat ini',
    goal: 'Sasaran',
    progress: 'Kemajuan',
    status: 'Status',
    perWeek: 'Perlu / minggu',
    expected: 'seharusnya',
    due: 'tenggat',
    daysLeft: 'hari lagi',
    none: 'Belum ada sasaran: impor targets.csv, atau buat sasaran di aplikasi web atau lewat /api/v1/goals.',
    done: 'selesai',
    notDone: 'belum',
    tasks: 'tugas',
  },
};

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => [...(row[col] ?? '')].length)));
  const line = (row: string[]) =>
    row
      .map((cell, col) => (col < 2 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!)))
      .join('  ')
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)].join('\n');
}

/** Goals and their targets as readable tables: progress, status and what it still takes. */
export function renderGoals(list: GoalList, locale: Locale): string {
  const w = WORDS[locale];
  if (list.goals.length === 0) return `${w.none}\n`;
  const pct = (value: number | null) => formatValue(value, 'ratio', { locale, currency: list.currency });
  const value = (v: number | null, unit: string) =>
    unit === 'boolean'
      ? v === null
        ? '—'
        : v >= 1
          ? w.done!
          : w.notDone!
      : formatValue(v, unit as MetricUnit, { locale, currency: list.currency });
  const out: string[] = [];
  for (const goal of list.goals) {
    const where = [goal.folder_name, `${goal.start_date} – ${goal.due_date}`, goal.owner_name].filter(
      Boolean,
    );
    out.push(`${goal.name}  (${where.join(' · ')})`);
    out.push(
      `${w.progress}: ${pct(goal.progress)} · ${STATUS[locale][goal.status]} · ${w.expected} ${pct(goal.pacing.expected)} · ${goal.pacing.days_left} ${w.daysLeft}`,
    );
    if (goal.targets.length > 0) {
      const rows = [[w.target!, w.kind!, w.current!, w.target!, w.progress!, w.status!, w.perWeek!]];
      for (const t of goal.targets) {
        const kind = t.kind === 'kpi' ? `kpi ${t.direction === 'at_most' ? '≤' : '≥'} ${t.scope}` : t.kind;
        const unit = t.kind === 'tasks' ? 'count' : t.unit;
        rows.push([
          t.name,
          kind,
          t.kind === 'tasks' ? `${t.tasks?.done ?? 0} ${w.tasks}` : value(t.current_value, unit),
          t.kind === 'tasks' ? `${t.tasks?.total ?? 0} ${w.tasks}` : value(t.target_value, unit),
          pct(t.progress),
          STATUS[locale][t.status],
          t.kind === 'boolean' ? '' : value(t.pacing.needed_per_week, unit),
        ]);
      }
      out.push(
        table(rows)
          .split('\n')
          .map((line) => `  ${line}`)
          .join('\n'),
      );
    }
    out.push('');
  }
  return `${out.join('\n')}\n`;
}

export function registerGoalsCommand(program: Command): void {
  program
    .command('goals')
    .description('print goal progress and pacing: every goal, its targets, status and what it still takes')
    .addOption(dbOption())
    .option(
      '--json',
      'print {"goals": [{id, name, progress, status, targets: […]}]} (progress as a fraction 0..1)',
    )
    .option(
      '--today <date>',
      'judge pacing as of this day (YYYY-MM-DD; default today in the organisation’s zone)',
    )
    .option('--folder <id>', 'only the goals of this folder (an id, or "none")')
    .addOption(new Option('--kind <kind>', 'only user goals or quota goals').choices(['user', 'quota']))
    .addOption(new Option('--lang <lang>', 'language of the table').choices(['en', 'id']).default('en'))
    .action(
      async (options: {
        db?: string;
        json?: boolean;
        today?: string;
        folder?: string;
        kind?: 'user' | 'quota';
        lang: Locale;
      }) => {
        const today = options.today === undefined ? undefined : parseIsoDate(options.today);
        if (options.today !== undefined && today === undefined) {
          throw new CliError(`--today "${options.today}" is not a date (YYYY-MM-DD)`);
        }
        let folder: number | 'none' | undefined;
        if (options.folder !== undefined) {
          folder = options.folder === 'none' ? 'none' : Number(options.folder);
          if (folder !== 'none' && !(Number.isInteger(folder) && folder > 0)) {
            throw new CliError(`--folder must be a folder id or "none", not "${options.folder}"`);
          }
        }
        await withStore(options.db, async (store) => {
          const org = await requireOrg(store);
          const list = await listGoals(store, org, { folder_id: folder, kind: options.kind }, { today });
          if (options.json) process.stdout.write(`${JSON.stringify(goalProgressOf(list), null, 2)}\n`);
          else process.stdout.write(renderGoals(list, options.lang));
        });
      },
    );
}
