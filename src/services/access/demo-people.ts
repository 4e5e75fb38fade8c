import type { Role } from '../../core/access/roles.ts';
import type { Store } from '../../db/database.ts';
import { findMember, putMember } from '../../db/members-repo.ts';
import { listReps } from '../../db/reference-repo.ts';
import { findUserByEmail, insertUser } from '../../db/users-repo.ts';

/** `.invalid` is reserved (RFC 2606): no mail to a demo person can ever reach anyone. */
export const DEMO_PEOPLE_DOMAIN = 'demo.udn.invalid';

export interface DemoPerson {
  email: string;
  name: string;
  role: Role;
  repId: string | null;
  teams: string[];
}

/**
 * The people of the demo organisation, one for each role below the owner: the sales manager of its
 * busiest team, two reps of that team linked to their rep records, and a viewer. They have no
 * password — nobody signs in as them; the owner looks through their eyes with "view as". Adding
 * them again changes nothing. Returns them (none when the organisation has no team yet).
 */
export async function addDemoPeople(store: Store, orgId: number): Promise<DemoPerson[]> {
  const reps = (await listReps(store.db, orgId)).filter((rep) => rep.endedOn === null);
  const sizes = new Map<string, number>();
  for (const rep of reps) if (rep.team !== null) sizes.set(rep.team, (sizes.get(rep.team) ?? 0) + 1);
  // The team with the most current reps; ties go to the first by name, so the choice is stable.
  const team = [...sizes].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  if (team === undefined) return [];
  const teamReps = reps.filter((rep) => rep.team === team).slice(0, 2);
  const localPart = (name: string) =>
    name
      .normalize('NFKD')
      .replace(/[^A-Za-z ]/g, '')
      .trim()
      .toLowerCase()
      .replace(/\s+/g, '.');
  const people: DemoPerson[] = [
    {
      email: `manager@${DEMO_PEOPLE_DOMAIN}`,
      name: `Rina Kusuma (${team} sales manager)`,
      role: 'manager',
      repId: null,
      teams: [team],
    },
    ...teamReps.map((rep) => ({
      email: `${localPart(rep.name) || rep.id.toLowerCase()}@${DEMO_PEOPLE_DOMAIN}`,
      name: rep.name,
      role: 'rep' as const,
      repId: rep.id,
      teams: [],
    })),
    {
      email: `viewer@${DEMO_PEOPLE_DOMAIN}`,
      name: 'Agus Pratama (finance, viewer)',
      role: 'viewer',
      repId: null,
      teams: [],
    },
  ];
  for (const person of people) {
    const user =
      (await findUserByEmail(store.db, person.email)) ??
      (await insertUser(store.db, store.dialect, { email: person.email, name: person.name }));
    // A demo person someone has since given another role keeps it.
    if (await findMember(store.db, orgId, user.id)) continue;
    await putMember(store.db, {
      orgId,
      userId: user.id,
      role: person.role,
      repId: person.repId,
      teams: person.teams,
    });
  }
  return people;
}
