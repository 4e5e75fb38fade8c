import { verifyPassword } from 'better-auth/crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { addTestPerson, TEST_PASSWORD, type TestPerson } from '../../test/support/test-people.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import { cliPrincipal } from '../core/access/principal.ts';
import type { InvitationView } from '../core/contracts/access.ts';
import { findMember } from '../db/members-repo.ts';
import { createOrg } from '../db/org-repo.ts';
import { countUsers, findUserByEmail, insertUser } from '../db/users-repo.ts';
import { createInvitation, type InvitationMailer } from '../services/access/invitations.ts';

/** A request with its own (empty) cookie: nobody is signed in. */
const ANONYMOUS = { cookie: '' };

describe.each(DIALECTS)('invitations API on %s', (dialect) => {
  let t: TestApp;
  let admin: TestPerson;
  beforeAll(async () => {
    t = await createTestApp(dialect);
    admin = await addTestPerson(t.store, await t.org(), 'admin');
  });
  afterAll(() => t.dispose());

  const invite = async (payload: object, headers?: Record<string, string>) => {
    const response = await t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations',
      payload,
      ...(headers ? { headers } : {}),
    });
    return response;
  };
  const created = async (payload: object) => {
    const response = await invite(payload);
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<{ invitation: InvitationView; url: string; emailed: boolean }>();
    return { ...body, token: body.url.split('/invite/')[1]! };
  };
  // Accepting is rate-limited per address (10 a minute): each accept here comes from its own.
  let callers = 0;
  const accept = (payload: object, headers: Record<string, string> = ANONYMOUS) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/invitations/accept',
      payload,
      headers,
      remoteAddress: `10.11.${Math.floor(++callers / 250)}.${callers % 250}`,
    });
  /** What accepting may change: people, memberships and invitations. */
  const snapshot = async () => ({
    users: await t.store.db.selectFrom('user').select(['id', 'email']).orderBy('id').execute(),
    members: await t.store.db
      .selectFrom('members')
      .select(['org_id', 'user_id', 'role'])
      .orderBy('user_id')
      .execute(),
    invitations: await t.store.db
      .selectFrom('invitations')
      .select(['id', 'accepted_at', 'accepted_by', 'revoked_at'])
      .orderBy('id')
      .execute(),
  });

  it('a link invitation is accepted by a new person, who can then sign in with the password', async () => {
    const { invitation, url, emailed, token } = await created({ role: 'manager', teams: ['Surabaya'] });
    expect(url).toMatch(/^http:\/\/localhost(:\d+)?\/invite\/udn_inv_[A-Za-z0-9]{40}$/);
    expect(emailed).toBe(false);
    expect(invitation).toMatchObject({
      email: null,
      role: 'manager',
      teams: ['Surabaya'],
      acceptedAt: null,
      revokedAt: null,
      invitedBy: t.owner.user.email,
    });
    const days = (Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt)) / 86_400_000;
    expect(days).toBe(7);
    // Only the hash is kept.
    const row = await t.store.db
      .selectFrom('invitations')
      .selectAll()
      .where('id', '=', invitation.id)
      .executeTakeFirstOrThrow();
    expect(row.token_hash).not.toContain(token);
    expect(JSON.stringify(await t.store.db.selectFrom('audit_log').selectAll().execute())).not.toContain(
      token,
    );

    const lookup = await t.app.inject({
      url: `/api/v1/invitations/lookup?token=${token}`,
      headers: ANONYMOUS,
    });
    expect(lookup.statusCode).toBe(200);
    expect(lookup.json()).toEqual({
      orgName: 'Org 42',
      role: 'manager',
      email: null,
      expired: false,
      accepted: false,
      revoked: false,
    });

    const password = 'a long enough password';
    const response = await accept({ token, name: 'Mira Manager', email: 'Mira@Example.org', password });
    expect(response.statusCode, response.body).toBe(200);
    const org = await t.org();
    expect(response.json()).toEqual({ orgSlug: org.slug, email: 'mira@example.org' });
    const user = (await findUserByEmail(t.store.db, 'mira@example.org'))!;
    expect(user.name).toBe('Mira Manager');
    expect(await findMember(t.store.db, org.id, user.id)).toMatchObject({
      role: 'manager',
      teams: ['Surabaya'],
    });
    const account = await t.store.db
      .selectFrom('account')
      .select(['password', 'providerId'])
      .where('userId', '=', user.id)
      .executeTakeFirstOrThrow();
    expect(account.providerId).toBe('credential');
    expect(await verifyPassword({ hash: account.password!, password })).toBe(true);
    expect(await verifyPassword({ hash: account.password!, password: 'wrong password!' })).toBe(false);

    const list = await t.getJson<{ invitations: InvitationView[] }>('/api/v1/invitations');
    expect(list.invitations.find((i) => i.id === invitation.id)?.acceptedAt).not.toBeNull();
    const audit = await t.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor_email', 'actor_via', 'summary'])
      .where('kind', '=', 'invitation')
      .where('subject', '=', String(invitation.id))
      .orderBy('id')
      .execute();
    expect(audit).toEqual([
      expect.objectContaining({ action: 'created', actor_email: t.owner.user.email }),
      {
        action: 'accepted',
        actor_email: 'mira@example.org',
        actor_via: 'anonymous',
        summary: 'mira@example.org accepted the invitation and joined as manager',
      },
    ]);

    // Replayed: refused, nothing changed.
    const before = await snapshot();
    const replay = await accept({ token, name: 'Someone', email: 'someone@example.org', password });
    expect(replay.statusCode).toBe(400);
    expect(replay.json()).toMatchObject({ field: 'token', params: { rule: 'accepted' } });
    expect(await snapshot()).toEqual(before);
  });

  it('a person signed in but of no organisation yet joins by the link, without a second account', async () => {
    const email = `between-jobs-${dialect}@example.com`;
    const person = await insertUser(t.store.db, t.store.dialect, {
      email,
      name: 'Between Jobs',
      password: TEST_PASSWORD,
    });
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/auth/sign-in/email',
      headers: { cookie: '', 'content-type': 'application/json' },
      payload: JSON.stringify({ email, password: TEST_PASSWORD }),
    });
    expect(signIn.statusCode, signIn.body).toBe(200);
    const session = [signIn.headers['set-cookie'] ?? []]
      .flat()
      .find((c) => c.startsWith('udn.session_token='))!
      .split(';')[0]!;
    // Signed in, belonging nowhere: /me says so.
    const me = await t.app.inject({ url: '/api/v1/me', headers: { cookie: session } });
    expect(me.statusCode).toBe(403);
    const csrf = await t.app.inject({ url: '/api/v1/csrf', headers: { cookie: session } });
    const csrfCookie = [csrf.headers['set-cookie'] ?? []]
      .flat()
      .find((c) => c.startsWith('udn_csrf='))!
      .split(';')[0]!;
    const link = await created({ role: 'viewer' });
    const usersBefore = await countUsers(t.store.db);
    const joined = await accept(
      { token: link.token },
      { cookie: `${session}; ${csrfCookie}`, 'x-csrf-token': csrf.json<{ token: string }>().token },
    );
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json()).toEqual({ orgSlug: (await t.org()).slug, email });
    expect(await countUsers(t.store.db)).toBe(usersBefore);
    expect((await findMember(t.store.db, (await t.org()).id, person.id))?.role).toBe('viewer');
  });

  it('answers one address at most 10 accepts a minute, then 429 with Retry-After', async () => {
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof t.app.inject>> | undefined;
    for (let i = 0; i < 11; i++) {
      last = await t.app.inject({
        method: 'POST',
        url: '/api/v1/invitations/accept',
        payload: { token: 'udn_inv_guessing', name: 'Guess', password: 'a long password' },
        headers: ANONYMOUS,
        remoteAddress: '10.99.0.1',
      });
      statuses.push(last.statusCode);
    }
    expect(statuses.slice(0, 10).every((status) => status === 404)).toBe(true);
    expect(statuses[10]).toBe(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses a revoked invitation and an expired one, changing nothing', async () => {
    const revoked = await created({ role: 'viewer' });
    const revoke = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/invitations/${revoked.invitation.id}`,
      headers: admin.headers,
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json().revokedAt).not.toBeNull();
    const expired = await created({ role: 'viewer', expiresInDays: 1 });
    await t.store.db
      .updateTable('invitations')
      .set({ expires_at: Date.now() - 1000 })
      .where('id', '=', expired.invitation.id)
      .execute();
    const lookup = await t.app.inject({
      url: `/api/v1/invitations/lookup?token=${expired.token}`,
      headers: ANONYMOUS,
    });
    expect(lookup.json()).toMatchObject({ expired: true, accepted: false });

    const before = await snapshot();
    const person = { name: 'Late', email: 'late@example.org', password: 'a long enough password' };
    const a = await accept({ token: revoked.token, ...person });
    expect(a.statusCode).toBe(400);
    expect(a.json()).toMatchObject({ field: 'token', params: { rule: 'revoked' } });
    expect(a.json().message).toBe('token: this invitation was revoked: ask for a new one');
    const b = await accept({ token: expired.token, ...person });
    expect(b.statusCode).toBe(400);
    expect(b.json()).toMatchObject({ field: 'token', params: { rule: 'expired' } });
    const forged = await accept({ token: `udn_inv_${'x'.repeat(40)}`, ...person });
    expect(forged.statusCode).toBe(404);
    expect(await snapshot()).toEqual(before);
    const audit = await t.store.db
      .selectFrom('audit_log')
      .select(['action', 'actor_email'])
      .where('kind', '=', 'invitation')
      .where('subject', '=', String(revoked.invitation.id))
      .orderBy('id')
      .execute();
    expect(audit.map((e) => e.action)).toEqual(['created', 'revoked']);
    expect(audit[1]!.actor_email).toBe(admin.user.email);
  });

  it('refuses a new person without a name, with a short password, or whose e-mail has an account', async () => {
    const { token } = await created({ role: 'rep', repId: 'R03' });
    const before = await snapshot();
    const noName = await accept({ token, email: 'new@example.org', password: 'long enough pw' });
    expect(noName.json()).toMatchObject({ field: 'name' });
    const short = await accept({ token, name: 'New', email: 'new@example.org', password: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.json()).toMatchObject({ field: 'password', params: { rule: 'too_short', min: 10 } });
    const taken = await accept({ token, name: 'Admin', email: admin.user.email, password: 'long enough pw' });
    expect(taken.statusCode).toBe(400);
    expect(taken.json().message).toContain('sign in first, then open the link again');
    expect(await snapshot()).toEqual(before);
    const users = await countUsers(t.store.db);
    const ok = await accept({ token, name: 'New Rep', email: 'new@example.org', password: 'long enough pw' });
    expect(ok.statusCode).toBe(200);
    expect(await countUsers(t.store.db)).toBe(users + 1);
    const user = (await findUserByEmail(t.store.db, 'new@example.org'))!;
    expect(await findMember(t.store.db, (await t.org()).id, user.id)).toMatchObject({
      role: 'rep',
      repId: 'R03',
    });
  });

  it('an e-mail invitation is for that address only; a signed-in person of it joins', async () => {
    const elsewhere = await createOrg(t.store.db, { name: 'Elsewhere' }, 'elsewhere');
    const guest = await addTestPerson(t.store, elsewhere, 'owner', { email: 'guest@example.org' });
    const stranger = await addTestPerson(t.store, elsewhere, 'viewer', { email: 'stranger@example.org' });
    const { token, invitation } = await created({ email: 'Guest@Example.org', role: 'viewer' });
    expect(invitation.email).toBe('guest@example.org');

    const before = await snapshot();
    const otherAddress = await accept({
      token,
      name: 'X',
      email: 'x@example.org',
      password: 'long enough pw',
    });
    expect(otherAddress.statusCode).toBe(403);
    const otherPerson = await accept({ token }, stranger.headers);
    expect(otherPerson.statusCode).toBe(403);
    expect(otherPerson.json().message).toBe(
      'this invitation is for guest@example.org: you are signed in as stranger@example.org',
    );
    expect(await snapshot()).toEqual(before);

    const joined = await accept({ token }, guest.headers);
    expect(joined.statusCode, joined.body).toBe(200);
    const org = await t.org();
    expect(joined.json()).toEqual({ orgSlug: org.slug, email: 'guest@example.org' });
    expect(await findMember(t.store.db, org.id, guest.user.id)).toMatchObject({ role: 'viewer' });
    // Still the owner of their own organisation.
    expect(await findMember(t.store.db, elsewhere.id, guest.user.id)).toMatchObject({ role: 'owner' });
    // Inviting a member again is a conflict.
    const again = await invite({ email: 'guest@example.org', role: 'viewer' });
    expect(again.statusCode).toBe(409);
  });

  it('e-mails an invitation through the mailer it is given, and says when none could be sent', async () => {
    const sent: Parameters<InvitationMailer>[0][] = [];
    const source = { principal: cliPrincipal((await t.org()).id), ip: null };
    const mailed = await createInvitation(
      t.store,
      source,
      { email: 'mailed@example.org', role: 'viewer', locale: 'id' },
      {
        baseUrl: 'https://udn.example/',
        mailer: async (message) => {
          sent.push(message);
          return true;
        },
      },
    );
    expect(mailed.emailed).toBe(true);
    expect(mailed.url).toMatch(/^https:\/\/udn\.example\/invite\/udn_inv_/);
    expect(sent).toEqual([
      expect.objectContaining({
        to: 'mailed@example.org',
        orgName: 'Org 42',
        role: 'viewer',
        url: mailed.url,
        locale: 'id',
      }),
    ]);
    const failed = await createInvitation(
      t.store,
      source,
      { email: 'unlucky@example.org', role: 'viewer' },
      {
        baseUrl: 'https://udn.example',
        mailer: async () => {
          throw new Error('connection refused');
        },
      },
    );
    expect(failed.emailed).toBe(false);
    // A link invitation is never e-mailed.
    const link = await createInvitation(
      t.store,
      source,
      { role: 'viewer' },
      {
        baseUrl: 'https://udn.example',
        mailer: async (message) => {
          sent.push(message);
          return true;
        },
      },
    );
    expect(link.emailed).toBe(false);
    expect(sent).toHaveLength(1);
  });

  it('only an owner invites an owner; unknown teams are refused by name; viewers cannot invite', async () => {
    const owner = await invite({ role: 'owner' }, admin.headers);
    expect(owner.statusCode).toBe(403);
    const team = await invite({ role: 'manager', teams: ['Atlantis'] });
    expect(team.statusCode).toBe(400);
    expect(team.json()).toMatchObject({ field: 'teams.0' });
    const viewer = await addTestPerson(t.store, await t.org(), 'viewer');
    expect((await invite({ role: 'viewer' }, viewer.headers)).statusCode).toBe(403);
    const badEmail = await invite({ role: 'viewer', email: 'not an address' });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json()).toMatchObject({ field: 'email' });
  });
});
