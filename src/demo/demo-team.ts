import { addMonths, dateParts } from './wall-clock.ts';

export interface DemoRep {
  id: string;
  name: string;
  email: string;
  team: string | null;
  /** Epoch days; null = unbounded. */
  startedOn: number | null;
  endedOn: number | null;
  /** Relative volume of leads and emails the rep handles. */
  activity: number;
  /** Multiplier on the rep's win odds. */
  skill: number;
  /** Monthly base salary in whole rupiah. */
  salary: number;
}

interface RepSeed {
  name: string;
  team: string | null;
  /** Months before today the rep started; null = started_on left empty. */
  startedMonthsAgo: number | null;
  endedMonthsAgo?: number;
  activity: number;
  skill: number;
  salary: number;
}

// The head of sales has no team and a light personal book; Surabaya lost Hendra eight months ago and
// only recently hired Yohanes, so its numbers dip and recover — a story the dashboards can show.
const ROSTER: readonly RepSeed[] = [
  {
    name: 'Budi Santoso',
    team: 'Jakarta',
    startedMonthsAgo: 89,
    activity: 1.15,
    skill: 1.1,
    salary: 14_500_000,
  },
  {
    name: 'Siti Rahmawati',
    team: 'Jakarta',
    startedMonthsAgo: 61,
    activity: 1.1,
    skill: 1.15,
    salary: 13_000_000,
  },
  {
    name: 'Andi Wijaya',
    team: 'Jakarta',
    startedMonthsAgo: 40,
    activity: 1.0,
    skill: 0.95,
    salary: 11_500_000,
  },
  {
    name: 'Dewi Lestari',
    team: 'Jakarta',
    startedMonthsAgo: 30,
    activity: 1.05,
    skill: 1.0,
    salary: 11_000_000,
  },
  {
    name: 'Agus Setiawan',
    team: 'Surabaya',
    startedMonthsAgo: 75,
    activity: 1.0,
    skill: 1.05,
    salary: 12_000_000,
  },
  {
    name: 'Hendra Gunawan',
    team: 'Surabaya',
    startedMonthsAgo: 52,
    endedMonthsAgo: 8,
    activity: 0.95,
    skill: 0.9,
    salary: 11_000_000,
  },
  {
    name: 'Putri Maharani',
    team: 'Surabaya',
    startedMonthsAgo: 33,
    activity: 1.0,
    skill: 1.0,
    salary: 10_500_000,
  },
  {
    name: 'Yohanes Wibowo',
    team: 'Surabaya',
    startedMonthsAgo: 3,
    activity: 1.0,
    skill: 0.9,
    salary: 9_500_000,
  },
  {
    name: 'Rizky Pratama',
    team: 'Bandung',
    startedMonthsAgo: 66,
    activity: 0.95,
    skill: 1.1,
    salary: 11_500_000,
  },
  {
    name: 'Intan Permatasari',
    team: 'Bandung',
    startedMonthsAgo: 44,
    activity: 1.0,
    skill: 1.0,
    salary: 10_500_000,
  },
  {
    name: 'Fajar Nugroho',
    team: 'Bandung',
    startedMonthsAgo: 27,
    activity: 0.9,
    skill: 0.9,
    salary: 9_500_000,
  },
  {
    name: 'Bambang Hartono',
    team: null,
    startedMonthsAgo: null,
    activity: 0.35,
    skill: 1.3,
    salary: 28_000_000,
  },
];

export const DEMO_EMAIL_DOMAIN = 'nusantaraoffice.co.id';

/** Reps start on a Monday and leave on a Friday, as Indonesian contracts usually run. */
function nextMonday(epochDay: number): number {
  const wd = dateParts(epochDay).weekday;
  return epochDay + ((8 - wd) % 7);
}

function previousFriday(epochDay: number): number {
  const wd = dateParts(epochDay).weekday;
  return epochDay - ((wd + 2) % 7);
}

export function buildDemoReps(todayDay: number): DemoRep[] {
  return ROSTER.map((seed, i) => {
    const [first, ...rest] = seed.name.toLowerCase().split(' ');
    return {
      id: `R${String(i + 1).padStart(2, '0')}`,
      name: seed.name,
      email: `${first}.${rest.join('.')}@${DEMO_EMAIL_DOMAIN}`,
      team: seed.team,
      startedOn:
        seed.startedMonthsAgo === null ? null : nextMonday(addMonths(todayDay, -seed.startedMonthsAgo)),
      endedOn:
        seed.endedMonthsAgo === undefined ? null : previousFriday(addMonths(todayDay, -seed.endedMonthsAgo)),
      activity: seed.activity,
      skill: seed.skill,
      salary: seed.salary,
    };
  });
}

export function isRepActive(rep: DemoRep, epochDay: number): boolean {
  return (
    (rep.startedOn === null || rep.startedOn <= epochDay) && (rep.endedOn === null || epochDay <= rep.endedOn)
  );
}

/** New reps need a few months to build a pipeline; 1 = fully ramped. */
export function rampFactor(rep: DemoRep, epochDay: number): number {
  if (rep.startedOn === null) return 1;
  return Math.min(1, 0.35 + (0.65 * (epochDay - rep.startedOn)) / 90);
}
