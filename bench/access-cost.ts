import type { Principal } from '../src/core/access/principal.ts';
import { decideRoute } from '../src/core/access/route-access.ts';
import { visibleReport } from '../src/core/access/visibility.ts';
import { parseNamedPeriod } from '../src/core/periods.ts';
import type { Store } from '../src/db/database.ts';
import { loadReps } from '../src/db/kpi-facts.ts';
import { findMember, putMember } from '../src/db/members-repo.ts';
import { findDefaultOrg } from '../src/db/org-repo.ts';
import { findUserByEmail, insertUser } from '../src/db/users-repo.ts';
import { startServer } from '../src/server/main.ts';
import { createApiToken, principalOfToken } from '../src/services/access/api-tokens.ts';
import { kpiReport } from '../src/services/kpis/kpi-report.ts';
import { visibilityOf } from '../src/services/kpis/rep-visibility.ts';

/**
 * What access costs (issue 11): a sign-in (better-auth's scrypt check and a session written) over
 * real HTTP, and per request the parts the policy adds — a token's principal (two indexed reads),
 * the route decision, and a manager's visibility with the KPI report cut to their reps.
 */
export interface AccessBenchResult {
  signIns: number;
  signInMedianMs: number;
  signInP95Ms: number;
  tokenPrincipalMs: number;
  routeDecisionMs: number;
  managerVisibilityMs: number;
  /** The three above together: what the policy adds to a request. */
  policyMs: number;
}

const PASSWORD = 'bench sign-in password';

const percentile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;

/** Mean ms of `run` over `times` calls, after a warm-up. */
async function meanMs(times: number, run: () => unknown): Promise<number> {
  for (let i = 0; i < Math.min(50, times); i++) await run();
  const started = performance.now();
  for (let i = 0; i < times; i++) await run();
  return (performance.now() - started) / times;
}

async function person(
  store: Store,
  orgId: number,
  email: string,
  role: 'viewer' | 'manager',
  teams: string[],
) {
  const user =
    (await findUserByEmail(store.db, email)) ??
    (await insertUser(store.db, store.dialect, { email, name: email, password: PASSWORD }));
  if (!(await findMember(store.db, orgId, user.id))) {
    await putMember(store.db, { orgId, userId: user.id, role, repId: null, teams });
  }
  return user;
}

export async function benchAccess(
  store: Store,
  options: { period: string; signIns?: number },
): Promise<AccessBenchResult> {
  const org = await findDefaultOrg(store.db);
  if (!org) throw new Error('the store has no organisation');
  const reps = await loadReps(store.db, org.id);
  const team = reps.find((rep) => rep.team)?.team ?? 'none';
  const signer = await person(store, org.id, 'bench-sign-in@udn.invalid', 'viewer', []);
  const manager = await person(store, org.id, 'bench-manager@udn.invalid', 'manager', [team]);

  const borrowed: Store = { ...store, close: async () => undefined };
  const server = await startServer({ store: borrowed, port: 0, host: '127.0.0.1', webDist: null });
  const times: number[] = [];
  try {
    for (let i = 0; i < (options.signIns ?? 20); i++) {
      const started = performance.now();
      const response = await fetch(`${server.url}/api/auth/sign-in/email`, {
        method: 'POST',
        // As the sign-in page posts it: from the server's own origin.
        headers: { 'content-type': 'application/json', origin: server.url },
        body: JSON.stringify({ email: signer.email, password: PASSWORD }),
      });
      const body = await response.text();
      if (!response.ok) throw new Error(`sign-in answered ${response.status}: ${body.slice(0, 300)}`);
      times.push(performance.now() - started);
    }
  } finally {
    await server.close();
  }
  times.sort((a, b) => a - b);

  const { token } = await createApiToken(store, {
    orgId: org.id,
    userId: manager.id,
    name: 'bench',
    scope: 'read',
    expiresAt: null,
  });
  const principal = (await principalOfToken(store, token)) as Principal;
  const tokenPrincipalMs = await meanMs(500, () => principalOfToken(store, token));
  const routeDecisionMs = await meanMs(10_000, () => decideRoute(principal, 'share-read', 'GET'));
  const range = parseNamedPeriod(options.period, org.fiscal_year_start_month);
  if (!range) throw new Error(`not a period: ${options.period}`);
  const report = await kpiReport(store, org, range);
  const managerVisibilityMs = await meanMs(500, async () =>
    visibleReport(report, await visibilityOf(store, org, principal)),
  );
  return {
    signIns: times.length,
    signInMedianMs: percentile(times, 50),
    signInP95Ms: percentile(times, 95),
    tokenPrincipalMs,
    routeDecisionMs,
    managerVisibilityMs,
    policyMs: tokenPrincipalMs + routeDecisionMs + managerVisibilityMs,
  };
}
