import { parseIsoDate } from '../../core/calendar-date.ts';
import type { GoalList, GoalTarget, PaceStatusText } from '../../core/contracts/goals.ts';
import { formatValue } from '../../core/format.ts';
import { goalPhase, orderGoals } from '../../core/goals/goal-order.ts';
import { neededPace, neededPaceText, type PaceUnit } from '../../core/goals/pace-text.ts';
import type { Locale, MetricUnit } from '../../core/kpis/definitions.ts';
import type { RepInfo } from '../../core/kpis/report.ts';
import { parseScope } from '../../core/scope.ts';
import { terminalText } from '../../core/terminal-text.ts';
import { loadReps } from '../../db/kpi-facts.ts';
import { goalProgressOf } from '../../services/goals/goal-progress.ts';
import { listGoals } from '../../services/goals/goals-service.ts';
import { CliError } from '../cli-error.ts';
import { withExistingStore } from '../cli-store.ts';
import { repLabels } from '../kpi-table.ts';
import { stdout, writeJson } from '../output.ts';
import { type PluralForms, plural } from '../plural.ts';
import { requireOrg } from '../require-org.ts';
import { textTable } from '../text-table.ts';

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

interface Words {
  target: string;
  kind: string;
  current: string;
  progress: string;
  status: string;
  needed: string;
  expected: string;
  none: string;
  noneNow: string;
  done: string;
  notDone: string;
  org: string;
  team: string;
  quota: string;
  tasks: PluralForms;
  daysLeft: PluralForms;
  hidden: PluralForms;
}

const WORDS: Record<Locale, Words> = {
  en: {
    target: 'Target',
    kind: 'Kind',
    current: 'Current',
    progress: 'Progress',
    status: 'Status',
    needed: 'Needed',
    expected: 'expected',
    none: 'No goals yet: import targets.csv, or create goals in the web app or through /api/v1/goals.',
    noneNow: 'No current or upcoming goals.',
    done: 'done',
    notDone: 'not done',
    org: 'Organisation',
    team: 'Team',
    quota: 'quota',
    tasks: { one: '{n} task', other: '{n} tasks' },
    daysLeft: { one: '{n} day left', other: '{n} days left' },
    hidden: {
      one: '{n} goal that ended before {today} is not shown: --all lists it.',
      other: '{n} goals that ended before {today} are not shown: --all lists them.',
    },
  },
  id: {
    target: 'Target',
    kind: 'Jenis',
    current: 'Saat ini',
    progress: 'Kemajuan',
    status: 'Status',
    needed: 'Perlu',
    expected: 'seharusnya',
    none: 'Belum ada sasaran: impor targets.csv, atau buat sasaran di aplikasi web atau lewat /api/v1/goals.',
    noneNow: 'Tidak ada sasaran yang sedang berjalan atau akan datang.',
    done: 'selesai',
    notDone: 'belum',
    org: 'Organisasi',
    team: 'Tim',
    quota: 'kuota',
    tasks: { other: '{n} tugas' },
    daysLeft: { other: 'sisa {n} hari' },
    hidden: {
      other: '{n} sasaran yang berakhir sebelum {today} tidak ditampilkan: --all menampilkannya.',
    },
  },
};

/**
 * The goals `udn goals` shows: current ones first, then upcoming, then (with --all) the past, newest
 * first — the order of the goals page (core/goals/goal-order.ts). Without --all, goals that ended
 * before today are left out and counted.
 */
export function goalsToShow(list: GoalList, all: boolean): { list: GoalList; hidden: number } {
  const ordered = orderGoals(list.goals, list.today);
  const shown = all ? ordered : ordered.filter((goal) => goalPhase(goal, list.today) !== 'past');
  return { list: { ...list, goals: shown }, hidden: ordered.length - shown.length };
}

/** Goals and their targets as readable tables: progress, status and what it still takes. */
export function renderGoals(
  list: GoalList,
  locale: Locale,
  options: { reps?: readonly Pick<RepInfo, 'id' | 'name'>[]; hidden?: number } = {},
): string {
  const w = WORDS[locale];
  const hidden = options.hidden ?? 0;
  const note = hidden > 0 ? `${plural(locale, hidden, w.hidden).replace('{today}', list.today)}\n` : '';
  if (list.goals.length === 0) return `${hidden > 0 ? w.noneNow : w.none}\n${note}`;
  const names = repLabels(
    (options.reps ?? []).map((rep) => rep.id),
    options.reps ?? [],
  );
  const scopeText = (text: string | null) => {
    const parsed = parseScope(text ?? 'org');
    if (!parsed.ok) return text ?? w.org;
    const { scope } = parsed;
    if (scope.kind === 'org') return w.org;
    if (scope.kind === 'team') return `${w.team} ${scope.name}`;
    return names.get(scope.id) ?? scope.id;
  };
  const pct = (value: number | null) => formatValue(value, 'ratio', { locale, currency: list.currency });
  const value = (v: number | null, unit: string) =>
    unit === 'boolean'
      ? v === null
        ? '—'
        : v >= 1
          ? w.done
          : w.notDone
      : formatValue(v, unit as MetricUnit, { locale, currency: list.currency });
  const kindText = (t: GoalTarget) => {
    if (t.kind !== 'kpi') return t.kind;
    const kind = `kpi ${t.direction === 'at_most' ? '≤' : '≥'} ${scopeText(t.scope)}`;
    return t.is_quota ? `${kind} (${w.quota})` : kind;
  };
  const out: string[] = [];
  for (const goal of list.goals) {
    const where = [goal.folder_name, `${goal.start_date} – ${goal.due_date}`, goal.owner_name].filter(
      Boolean,
    );
    // Names escaped one by one: a line break in a name must not start a line of its own.
    out.push(`${terminalText(goal.name)}  (${where.map((part) => terminalText(part ?? '')).join(' · ')})`);
    out.push(
      `${w.progress}: ${pct(goal.progress)} · ${STATUS[locale][goal.status]} · ${w.expected} ${pct(goal.pacing.expected)} · ${plural(locale, goal.pacing.days_left, w.daysLeft)}`,
    );
    if (goal.targets.length > 0) {
      const rows = [[w.target, w.kind, w.current, w.target, w.progress, w.status, w.needed]];
      for (const t of goal.targets) {
        const unit = t.kind === 'tasks' ? 'count' : t.unit;
        const need = neededPace(t.status, t.pacing, unit as PaceUnit, { locale, currency: list.currency });
        rows.push([
          t.name,
          kindText(t),
          t.kind === 'tasks' ? plural(locale, t.tasks?.done ?? 0, w.tasks) : value(t.current_value, unit),
          t.kind === 'tasks' ? plural(locale, t.tasks?.total ?? 0, w.tasks) : value(t.target_value, unit),
          pct(t.progress),
          STATUS[locale][t.status],
          neededPaceText(need, locale),
        ]);
      }
      out.push(
        textTable(rows, 2)
          .split('\n')
          .map((line) => `  ${line}`)
          .join('\n'),
      );
    }
    out.push('');
  }
  return `${out.join('\n')}\n${note}`;
}

export interface GoalsOptions {
  db?: string;
  org?: string;
  json?: boolean;
  all?: boolean;
  today?: string;
  folder?: string;
  kind?: 'user' | 'quota';
  lang: Locale;
}

/** `udn goals`: goal progress and pacing, as a table or JSON. */
export async function printGoals(options: GoalsOptions): Promise<void> {
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
  await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const listed = await listGoals(store, org, { folder_id: folder, kind: options.kind }, { today });
    const { list, hidden } = goalsToShow(listed, options.all === true);
    if (options.json) {
      writeJson(goalProgressOf(list));
      return;
    }
    const reps = await loadReps(store.db, org.id);
    stdout.write(renderGoals(list, options.lang, { reps, hidden }));
  });
}
