import fs from 'node:fs/promises';
import path from 'node:path';
import { cliPrincipal } from '../../core/access/principal.ts';
import { DomainError } from '../../core/errors.ts';
import { parseScope, type Scope } from '../../core/scope.ts';
import type { Store } from '../../db/database.ts';
import type { OrgRecord } from '../../db/org-repo.ts';
import { dashboardsOf } from '../../services/dashboards/dashboards.ts';
import { dashboardPdf } from '../../services/render/dashboard-pdf.ts';
import { dashboardSnapshot } from '../../services/render/dashboard-snapshot.ts';
import { exportPeriod } from '../../services/render/export-period.ts';
import { dashboardPng, widgetPng } from '../../services/render/widget-png.ts';
import { CliError } from '../cli-error.ts';
import { withExistingStore } from '../cli-store.ts';
import { stdout } from '../output.ts';
import { requireOrg } from '../require-org.ts';
import type { ExportDashboardOptions } from './export-dashboard-options.ts';

/** The dashboard named on the command line: its id, or its name (any case) when no id matches. */
async function dashboardIdOf(store: Store, org: OrgRecord, given: string): Promise<number> {
  const all = await dashboardsOf(store, org.id);
  const byId = /^\d+$/.test(given) ? all.find((d) => d.id === Number(given)) : undefined;
  const found = byId ?? all.find((d) => d.name.toLowerCase() === given.trim().toLowerCase());
  if (!found) {
    const known = all.map((d) => `${d.id} "${d.name}"`).join(', ');
    throw new CliError(`<dashboard>: no dashboard "${given}" (there are: ${known || 'none'})`);
  }
  return found.id;
}

function scopeOf(text: string | undefined): Scope | undefined {
  if (text === undefined) return undefined;
  const parsed = parseScope(text);
  if (!parsed.ok) throw new CliError(`--scope: ${parsed.reason}`);
  return parsed.scope;
}

/**
 * `udn export dashboard ID --format pdf|png --out FILE`: the dashboard as the administrator sees it
 * (the command line works on the database directly). A PNG is one widget with `--widget`, else the
 * whole dashboard as one tall image (each widget full width, cards two to a row).
 */
export async function exportDashboardAction(
  dashboard: string,
  options: ExportDashboardOptions,
): Promise<void> {
  const scope = scopeOf(options.scope);
  if (options.format === 'pdf' && options.widget !== undefined) {
    throw new CliError('--widget: a PDF is the whole dashboard; use --format png for one widget');
  }
  await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const id = await dashboardIdOf(store, org, dashboard);
    let file: Buffer;
    let what: string;
    try {
      const { period } = exportPeriod({ period: options.period }, org);
      const snapshot = await dashboardSnapshot(store, org, id, period, cliPrincipal(org.id), {
        ...(scope ? { scope } : {}),
        ...(options.widget === undefined ? {} : { widgetId: options.widget }),
      });
      if (options.format === 'pdf') {
        file = await dashboardPdf(snapshot, {
          paper: options.paper ?? 'a4',
          filters: [`Scope: ${snapshot.scopeLabel}`],
        });
        what = `"${snapshot.title}" (${snapshot.periodLabel}) as PDF`;
      } else {
        const [item] = snapshot.items;
        file = options.widget !== undefined && item ? widgetPng(item, { scale: 2 }) : dashboardPng(snapshot);
        what = `${options.widget === undefined ? `"${snapshot.title}"` : `widget "${options.widget}"`} (${snapshot.periodLabel}) as PNG`;
      }
    } catch (error) {
      // A bad --period or an unknown --widget reads as the option's fault, like every other command.
      if (error instanceof DomainError && (error.code === 'invalid' || error.code === 'not_found')) {
        const option = error.field === 'widgetId' ? 'widget' : (error.field ?? 'period');
        throw new CliError(`--${option}: ${error.reason}`);
      }
      throw error;
    }
    const target = path.resolve(options.out);
    try {
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(target, file);
    } catch (error) {
      throw new CliError(
        `--out: cannot write ${target}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    stdout.write(`wrote ${what} to ${target}\n`);
  });
}
