import type { Store } from '../db/database.ts';
import { findMember, membershipsOf, putMember } from '../db/members-repo.ts';
import { findOrgBySlug, listOrgs, type OrgRecord } from '../db/org-repo.ts';
import { listReps } from '../db/reference-repo.ts';
import { findUserByEmail, normalEmail } from '../db/users-repo.ts';
import { recordAudit } from '../services/access/audit.ts';
import { emailDomain, type SsoConfig } from './sso-config.ts';

/** Why a single sign-on was refused: `code` goes back to the sign-in page, `message` to the person. */
export interface SsoRefusal {
  code: 'sso_email_not_verified' | 'sso_domain_not_allowed' | 'sso_no_organisation';
  message: string;
}

/** The organisation people join by single sign-on: UDN_OIDC_ORG, else the only one. */
export async function ssoOrg(store: Store, config: SsoConfig): Promise<OrgRecord | SsoRefusal> {
  if (config.orgSlug !== null) {
    const org = await findOrgBySlug(store.db, config.orgSlug);
    if (org) return org;
    return {
      code: 'sso_no_organisation',
      message: `UDN_OIDC_ORG names "${config.orgSlug}", which is not an organisation on this server`,
    };
  }
  const orgs = await listOrgs(store.db);
  if (orgs.length === 1 && orgs[0]) return orgs[0];
  return {
    code: 'sso_no_organisation',
    message:
      orgs.length === 0
        ? 'this server has no organisation yet: its owner finishes the setup first'
        : 'this server has several organisations: its administrator sets UDN_OIDC_ORG to the one people join',
  };
}

const mayJoin = (config: SsoConfig, email: string, verified: boolean): boolean =>
  verified && config.allowedDomains.includes(emailDomain(email));

/**
 * Whether a person the provider vouches for may sign in: a verified address of an allowed domain
 * joins (or already belongs); anyone else only if they already belong to an organisation here
 * (an invited member signing in with the provider). A refusal is recorded in the audit log.
 */
export async function checkSsoSignIn(
  store: Store,
  config: SsoConfig,
  person: { email: string; emailVerified: boolean },
  ip: string | null,
): Promise<SsoRefusal | null> {
  const email = normalEmail(person.email);
  let refusal: SsoRefusal | null = null;
  if (mayJoin(config, email, person.emailVerified)) {
    const org = await ssoOrg(store, config);
    if ('code' in org) refusal = org;
  } else {
    const existing = await findUserByEmail(store.db, email);
    const member = existing ? (await membershipsOf(store.db, existing.id)).length > 0 : false;
    if (!member)
      refusal =
        !person.emailVerified && config.allowedDomains.includes(emailDomain(email))
          ? {
              code: 'sso_email_not_verified',
              message: `${config.name} has not verified ${email}, so it cannot join by single sign-on`,
            }
          : {
              code: 'sso_domain_not_allowed',
              message:
                config.allowedDomains.length === 0
                  ? `${email} is not a member here: ask an administrator for an invitation`
                  : `${email} is not a member here, and only addresses at ${config.allowedDomains.join(', ')} join by single sign-on`,
            };
  }
  if (refusal) {
    await recordAudit(store, {
      orgId: null,
      actor: { email },
      ip,
      kind: 'sign_in',
      action: 'failed',
      subject: email,
      summary: `single sign-on through ${config.name} refused: ${refusal.message}`,
    });
  }
  return refusal;
}

/**
 * Just-in-time membership: a person of an allowed domain with a verified address who is not yet a
 * member of the SSO organisation joins it with the configured role, as the rep whose record has
 * the same address when there is one. Returns the organisation joined, or null.
 */
export async function joinBySso(
  store: Store,
  config: SsoConfig,
  person: { userId: string; email: string; emailVerified: boolean },
  ip: string | null,
): Promise<OrgRecord | null> {
  const email = normalEmail(person.email);
  if (!mayJoin(config, email, person.emailVerified)) return null;
  const org = await ssoOrg(store, config);
  if ('code' in org) return null;
  if (await findMember(store.db, org.id, person.userId)) return null;
  const rep = (await listReps(store.db, org.id)).find(
    (r) => r.email !== null && normalEmail(r.email) === email,
  );
  const member = {
    orgId: org.id,
    userId: person.userId,
    role: config.role,
    repId: rep?.id ?? null,
    teams: [],
  };
  await putMember(store.db, member);
  await recordAudit(store, {
    orgId: org.id,
    actor: { email },
    ip,
    kind: 'member',
    action: 'created',
    subject: person.userId,
    summary: `${email} joined as ${config.role} by single sign-on through ${config.name}`,
    after: { role: member.role, repId: member.repId, teams: member.teams },
  });
  return org;
}
