import { z } from 'zod';
import { cliPrincipal } from '../../core/access/principal.ts';
import type { Role } from '../../core/access/roles.ts';
import { DomainError } from '../../core/errors.ts';
import type { Store } from '../../db/database.ts';
import { findMember } from '../../db/members-repo.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { findUserByEmail, hasPassword, insertUser, normalEmail, setPassword } from '../../db/users-repo.ts';
import { MIN_PASSWORD_LENGTH } from '../../services/access/invitations.ts';
import {
  addMember,
  type ChangeSource,
  checkMembership,
  listMemberViews,
  removeMember,
  updateMember,
} from '../../services/access/members.ts';
import { CliError } from '../cli-error.ts';
import { withExistingStore, withStore } from '../cli-store.ts';
import { stdout } from '../output.ts';
import { requireOrg } from '../require-org.ts';
import { textTable } from '../text-table.ts';

/** The API's field names as this command's options, so a refusal names what was typed. */
const OPTION_OF_FIELD: [RegExp, string][] = [
  [/^teams\.\d+$/, '--team'],
  [/^teams$/, '--team'],
  [/^repId$/, '--rep'],
  [/^role$/, '--role'],
];

/** Runs `work`, telling a refused change as the command's own error (nothing was changed). */
async function asCli<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const option = error.field && OPTION_OF_FIELD.find(([pattern]) => pattern.test(error.field!))?.[1];
    throw new CliError(option ? `${option}: ${error.reason}` : error.message);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The password given on standard input: its first line, as `echo … |` or a password manager sends it. */
async function passwordFromStdin(): Promise<string> {
  if (process.stdin.isTTY)
    throw new CliError('--password-stdin: pipe the password in (echo … | udn users add …)');
  const password = (await readStdin()).split(/\r?\n/)[0] ?? '';
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new CliError(`--password-stdin: the password must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  return password;
}

const source = (org: OrgRecord): ChangeSource => ({ principal: cliPrincipal(org.id), ip: null });

async function memberOfEmail(store: Store, org: OrgRecord, email: string) {
  const user = await findUserByEmail(store.db, email);
  if (!user || !(await findMember(store.db, org.id, user.id))) {
    throw new CliError(`${normalEmail(email)} is not a member of ${org.slug}`);
  }
  return user;
}

export interface AddOptions {
  db?: string;
  org?: string;
  role: Role;
  team?: string[];
  rep?: string;
  name?: string;
  passwordStdin?: boolean;
}

export async function addUser(email: string, options: AddOptions): Promise<void> {
  if (!z.email().safeParse(email.trim()).success) throw new CliError(`"${email}" is not an e-mail address`);
  const password = options.passwordStdin ? await passwordFromStdin() : undefined;
  const outcome = await withStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const membership = { role: options.role, repId: options.rep ?? null, teams: options.team ?? [] };
    // Checked before the account is made, so a refused membership leaves no person behind.
    await asCli(() => checkMembership(store, org.id, membership));
    const existing = await findUserByEmail(store.db, email);
    const user =
      existing ??
      (await insertUser(store.db, store.dialect, {
        email,
        name: options.name?.trim() || normalEmail(email).split('@')[0]!,
        password,
      }));
    const member = await asCli(() => addMember(store, source(org), user.id, membership));
    if (existing && password !== undefined) await setPassword(store.db, store.dialect, user.id, password);
    const passwordSet = password !== undefined || (await hasPassword(store.db, user.id));
    return { org, member, created: !existing, hasPassword: passwordSet };
  });
  const { org, member } = outcome;
  stdout.write(
    `${outcome.created ? 'added' : 'updated'} ${member.email} in ${org.slug} as ${member.role}${member.repId ? ` (rep ${member.repId}${member.repName ? `, ${member.repName}` : ''})` : ''}${member.teams.length ? ` of ${member.teams.join(', ')}` : ''}\n`,
  );
  if (!outcome.hasPassword) {
    stdout.write(
      `${member.email} has no password yet: give one with "udn users add ${member.email} --role ${member.role} --org ${org.slug} --password-stdin" (reads it from standard input), or let them use "Forgot password?" on the sign-in page (a reset link)\n`,
    );
  }
}

export async function listUsers(options: { db?: string; org?: string }): Promise<void> {
  const { org, members } = await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    return { org, members: await listMemberViews(store, org.id) };
  });
  if (members.length === 0) {
    stdout.write(`${org.slug} has no members yet: "udn users add EMAIL --role owner --org ${org.slug}"\n`);
    return;
  }
  stdout.write(
    `${textTable(
      [
        ['E-mail', 'Name', 'Role', 'Rep', 'Teams', 'Last sign-in'],
        ...members.map((m) => [
          m.email,
          m.name,
          m.role,
          m.repId ?? '',
          m.teams.join(', '),
          m.lastSignInAt?.slice(0, 16).replace('T', ' ') ?? 'never',
        ]),
      ],
      6,
    )}\n`,
  );
}

export async function removeUser(email: string, options: { db?: string; org?: string }): Promise<void> {
  const org = await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const user = await memberOfEmail(store, org, email);
    await asCli(() => removeMember(store, source(org), user.id));
    return org;
  });
  stdout.write(`removed ${normalEmail(email)} from ${org.slug}\n`);
}

export async function changeRole(
  email: string,
  role: Role,
  options: { db?: string; org?: string; team?: string[]; rep?: string },
): Promise<void> {
  const { org, member } = await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const user = await memberOfEmail(store, org, email);
    const member = await asCli(() =>
      updateMember(store, source(org), user.id, {
        role,
        ...(options.team ? { teams: options.team } : {}),
        ...(options.rep ? { repId: options.rep } : {}),
      }),
    );
    return { org, member };
  });
  stdout.write(
    `${member.email} is now ${member.role} in ${org.slug}${member.repId ? ` (rep ${member.repId})` : ''}${member.teams.length ? ` of ${member.teams.join(', ')}` : ''}\n`,
  );
}
