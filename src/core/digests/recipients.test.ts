import { describe, expect, it } from 'vitest';
import { memberPrincipal } from '../access/principal.ts';
import type { Role } from '../access/roles.ts';
import { canEditDigest, canSeeDigest, recipientNotAllowed, unknownRecipient } from './digest-access.ts';
import { type DigestMember, resolveRecipients } from './recipients.ts';

const reps = [
  { id: 'R1', team: 'Jakarta' },
  { id: 'R2', team: 'Jakarta' },
  { id: 'R3', team: 'Bandung' },
];
const member = (
  userId: string,
  role: Role,
  repId: string | null = null,
  teams: string[] = [],
): DigestMember => ({
  userId,
  email: `${userId}@acme.test`,
  name: userId,
  role,
  repId,
  teams,
});
const members = [
  member('owner', 'owner'),
  member('boss', 'manager', null, ['Jakarta']),
  member('ana', 'rep', 'R1'),
  member('budi', 'rep', 'R2'),
  member('citra', 'rep', 'R3'),
];
const principal = (m: DigestMember) =>
  memberPrincipal('session', { id: m.userId, email: m.email, name: m.name }, { orgId: 1, ...m });
const none = { users: [], teams: [], emails: [] };

describe('resolveRecipients', () => {
  it('a team is its reps and its managers; everyone once; a member address is the member', () => {
    const out = resolveRecipients(
      {
        users: ['ana'],
        teams: ['Jakarta'],
        emails: ['ANA@acme.test', 'cfo@elsewhere.test', 'cfo@elsewhere.test'],
      },
      members,
      reps,
    );
    expect(out.map((r) => [r.email, r.member?.userId ?? null])).toEqual([
      ['ana@acme.test', 'ana'],
      ['boss@acme.test', 'boss'],
      ['budi@acme.test', 'budi'],
      ['cfo@elsewhere.test', null],
    ]);
  });
  it('members gone since are skipped, unknown ones are named by their field', () => {
    expect(resolveRecipients({ ...none, users: ['gone'] }, members, reps)).toEqual([]);
    expect(unknownRecipient({ ...none, users: ['ana', 'gone'] }, members, reps)).toEqual({
      field: 'recipients.users.1',
      reason: 'no member "gone" in this organisation',
    });
    expect(unknownRecipient({ ...none, teams: ['Medan'] }, members, reps)?.field).toBe('recipients.teams.0');
  });
});

describe('who may send a digest to whom', () => {
  const [owner, boss, ana] = [members[0]!, members[1]!, members[2]!];
  it('owners and admins: anyone, plain addresses too', () => {
    expect(
      recipientNotAllowed(
        principal(owner),
        { users: ['citra'], teams: ['Bandung'], emails: ['x@y.test'] },
        members,
        reps,
      ),
    ).toBeNull();
  });
  it('a manager: themselves, their teams and those teams’ members; not another team or an outside address', () => {
    const p = principal(boss);
    expect(
      recipientNotAllowed(
        p,
        { users: ['boss', 'ana'], teams: ['Jakarta'], emails: ['budi@acme.test'] },
        members,
        reps,
      ),
    ).toBeNull();
    expect(recipientNotAllowed(p, { ...none, users: ['citra'] }, members, reps)?.field).toBe(
      'recipients.users.0',
    );
    expect(recipientNotAllowed(p, { ...none, teams: ['Bandung'] }, members, reps)?.field).toBe(
      'recipients.teams.0',
    );
    expect(recipientNotAllowed(p, { ...none, emails: ['cfo@elsewhere.test'] }, members, reps)?.field).toBe(
      'recipients.emails.0',
    );
  });
  it('a rep: only themselves', () => {
    const p = principal(ana);
    expect(
      recipientNotAllowed(p, { ...none, users: ['ana'], emails: ['ana@acme.test'] }, members, reps),
    ).toBeNull();
    expect(recipientNotAllowed(p, { ...none, users: ['budi'] }, members, reps)?.field).toBe(
      'recipients.users.0',
    );
    expect(recipientNotAllowed(p, { ...none, teams: ['Jakarta'] }, members, reps)?.field).toBe(
      'recipients.teams.0',
    );
    expect(
      recipientNotAllowed(principal(member('v', 'viewer')), { ...none, users: ['v'] }, members, reps)?.field,
    ).toBe('recipients');
  });
  it('makers and admins change a digest; recipients named by id see it', () => {
    const digest = { createdBy: 'boss', recipients: { ...none, users: ['ana'] } };
    expect(canEditDigest(principal(boss), digest)).toBe(true);
    expect(canEditDigest(principal(owner), digest)).toBe(true);
    expect(canEditDigest(principal(ana), digest)).toBe(false);
    expect(canSeeDigest(principal(ana), digest)).toBe(true);
    expect(canSeeDigest(principal(members[3]!), digest)).toBe(false);
  });
});
