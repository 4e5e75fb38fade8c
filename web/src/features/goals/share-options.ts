import { formatScope, ORG_SCOPE } from '../../../../src/core/scope.ts';
import type { Rep, Team } from '../../api/types.ts';
import type { Translate } from '../../i18n/i18n-context.tsx';

/** Who a goal can be shared with, grouped: the organisation, its teams, its reps. */
export function shareOptions(teams: readonly Team[], reps: readonly Rep[], t: Translate) {
  const teamNames = [
    ...new Set([...teams.map((team) => team.name), ...reps.flatMap((rep) => (rep.team ? [rep.team] : []))]),
  ].sort((a, b) => a.localeCompare(b));
  return [
    { group: t('scope.organisation'), items: [{ value: formatScope(ORG_SCOPE), label: t('scope.org') }] },
    {
      group: t('scope.teams'),
      items: teamNames.map((name) => ({
        value: formatScope({ kind: 'team', name }),
        label: t('goals.teamName', { name }),
      })),
    },
    {
      group: t('scope.reps'),
      items: [...reps]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((rep) => ({
          value: formatScope({ kind: 'rep', id: rep.id }),
          label: rep.team ? `${rep.name} · ${rep.team}` : rep.name,
        })),
    },
  ].filter((group) => group.items.length > 0);
}

export function repOptions(reps: readonly Rep[]) {
  return [...reps]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((rep) => ({ value: rep.id, label: rep.team ? `${rep.name} · ${rep.team}` : rep.name }));
}
