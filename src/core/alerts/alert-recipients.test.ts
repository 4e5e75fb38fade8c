import { describe, expect, it } from 'vitest';
import { type AlertAudience, type AlertMember, alertRecipients } from './alert-recipients.ts';

const reps = [
  { id: 'r1', team: 'Jakarta' },
  { id: 'r2', team: 'Jakarta' },
  { id: 'r3', team: 'Surabaya' },
];
const member = (userId: string, role: AlertMember['role'], more: Partial<AlertMember> = {}): AlertMember => ({
  userId,
  email: `${userId}@acme.test`,
  name: userId,
  role,
  repId: null,
  teams: [],
  ...more,
});
const members = [
  member('owner', 'owner'),
  member('jkt', 'manager', { teams: ['Jakarta'] }),
  member('sby', 'manager', { teams: ['Surabaya'] }),
  member('budi', 'rep', { repId: 'r1' }),
  member('tono', 'rep', { repId: 'r3' }),
  member('vic', 'viewer'),
];
const audience = (more: Partial<AlertAudience>): AlertAudience => ({
  orgId: 1,
  scope: { kind: 'org' },
  subjectRep: null,
  adminsOnly: false,
  createdBy: null,
  recipients: { users: [], teams: [] },
  ...more,
});
const closed = { open_leaderboard: false };

describe('who hears an alert', () => {
  it('admins the organisation’s, managers their team’s, a rep their own', () => {
    expect(alertRecipients(members, reps, closed, audience({}))).toEqual(['owner']);
    expect(
      alertRecipients(members, reps, closed, audience({ scope: { kind: 'team', name: 'Jakarta' } })),
    ).toEqual(['jkt']);
    expect(
      alertRecipients(
        members,
        reps,
        closed,
        audience({ scope: { kind: 'rep', id: 'r1' }, subjectRep: 'r1' }),
      ),
    ).toEqual(['jkt', 'budi']);
    // An organisation rule about one rep: the admins, that rep's manager and the rep.
    expect(alertRecipients(members, reps, closed, audience({ subjectRep: 'r3' }))).toEqual([
      'owner',
      'sby',
      'tono',
    ]);
  });

  it('never tells anyone named about a rep they may not see', () => {
    const named = audience({
      scope: { kind: 'rep', id: 'r1' },
      subjectRep: 'r1',
      recipients: { users: ['tono', 'vic@acme.test'], teams: ['Surabaya'] },
    });
    expect(alertRecipients(members, reps, closed, named)).toEqual(['jkt', 'budi']);
    // With the leaderboard open everyone sees every rep, so the named ones hear it too.
    expect(alertRecipients(members, reps, { open_leaderboard: true }, named)).toEqual([
      'jkt',
      'sby',
      'budi',
      'tono',
      'vic',
    ]);
    // An aggregate is every member's: the named viewer hears a team alert.
    expect(
      alertRecipients(
        members,
        reps,
        closed,
        audience({ scope: { kind: 'team', name: 'Jakarta' }, recipients: { users: ['vic'], teams: [] } }),
      ),
    ).toEqual(['jkt', 'vic']);
  });

  it('import alerts reach admins only; a private goal’s only its maker and admins', () => {
    expect(
      alertRecipients(
        members,
        reps,
        closed,
        audience({ adminsOnly: true, recipients: { users: ['jkt'], teams: [] } }),
      ),
    ).toEqual(['owner']);
    expect(
      alertRecipients(
        members,
        reps,
        closed,
        audience({ subjectRep: 'r1', privateTo: 'budi', scope: { kind: 'team', name: 'Jakarta' } }),
      ),
    ).toEqual(['budi']);
  });
});
