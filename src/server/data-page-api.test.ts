import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { csv } from '../../test/support/import-fixtures.ts';
import { fetchAs } from '../../test/support/raw-http.ts';
import { createTestApp, SMALL, type TestApp } from '../../test/support/test-app.ts';
import { DIALECTS } from '../../test/support/test-stores.ts';
import type { ApiError, Dashboard, KpiReport, LiveEvent, OrgResponse } from '../core/contracts/api.ts';
import type {
  ImportFileFormat,
  ImportHistoryEntry,
  ImportResult,
  OrgDataSummary,
  OrgResetResult,
} from '../core/contracts/imports.ts';
import { DEFAULT_ORG_SETTINGS } from '../core/org-settings.ts';
import { finishImportRecord, startImportRecord } from '../db/imports-repo.ts';
import { countOrgData } from '../db/org-repo.ts';
import { FILE_SPECS } from '../importer/file-specs.ts';
import { MAX_LISTED_ERRORS } from '../importer/import-errors.ts';
import { filesInDirectory } from '../importer/import-source.ts';
import { runImport } from '../importer/run-import.ts';
import { trackUpload } from './uploads/receive-upload.ts';

/** A multipart body as a browser's FormData makes it. */
async function multipart(
  files: Record<string, string>,
): Promise<{ payload: Buffer; headers: Record<string, string> }> {
  const form = new FormData();
  for (const [name, text] of Object.entries(files)) form.append('files', new Blob([text]), name);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    headers: { 'content-type': request.headers.get('content-type')! },
  };
}

const upload = async (t: TestApp, files: Record<string, string>) =>
  t.app.inject({ method: 'POST', url: '/api/v1/imports?wait=true', ...(await multipart(files)) });

const IDR = '"IDR" differs from the organisation\'s currency USD';

/** 258 deals priced in IDR for the USD organisation of the small example, and one deal without a status. */
function dealsInTheWrongCurrency(): string {
  const rows = [['id', 'created_at', 'status', 'closed_at', 'amount', 'currency', 'owner_rep_id']];
  for (let i = 1; i <= 258; i++)
    rows.push([`WC${i}`, '2026-01-05', 'won', '2026-01-20', '100', 'IDR', 'R01']);
  rows.push(['WC259', '2026-01-05', '', '', '', '', 'R01']);
  return csv(...rows);
}

describe.each(DIALECTS)('the Data page API on %s', (dialect) => {
  describe('refused uploads', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect);
    });
    afterAll(() => t.dispose());

    it('groups 258 rows of a wrong currency into one cause, keeping the raw list of the first 100', async () => {
      const before = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q1');
      const response = await upload(t, { 'deals.csv': dealsInTheWrongCurrency() });
      expect(response.statusCode).toBe(422);
      const body = response.json<ImportResult & ApiError>();
      expect(body).toMatchObject({ ok: false, error: 'import_refused', errorCount: 259 });
      expect(body.errors).toHaveLength(MAX_LISTED_ERRORS);
      expect(body.errors[0]).toEqual({ file: 'deals.csv', line: 2, column: 'currency', message: IDR });
      expect(body.errorGroups.map((g) => [g.file, g.column, g.reason, g.count, g.examples[0]!.line])).toEqual(
        [
          ['deals.csv', 'currency', IDR, 258, 2],
          ['deals.csv', 'status', 'is required', 1, 260],
        ],
      );
      expect(body.errorGroups[0]!.examples).toHaveLength(20);
      expect(body.files).toEqual([{ file: 'deals.csv', rows: 259, inserted: 0, updated: 0, unchanged: 0 }]);
      t.app.udn.cache.clear();
      expect(await t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q1')).toEqual(before);
    });

    it('the history of a refused import reports nothing written, and its errors by cause', async () => {
      // Rows the import would have updated (the example's deals) next to rows it refuses.
      const text = fs.readFileSync(path.join(SMALL.dataDir, 'deals.csv'), 'utf8');
      const broken = `${text.trimEnd().replaceAll(',Closed Won', ',Won (renamed)')}\nBAD1,Bad,R404,,,2026-01-05,,won,1,,,\nBAD2,Bad,R01,,,2026-01-05,,won,1,,,\n`;
      const response = await upload(t, { 'deals.csv': broken });
      expect(response.statusCode).toBe(422);
      const refused = response.json<ImportResult>();
      const [entry] = await t.getJson<ImportHistoryEntry[]>('/api/v1/imports?limit=1');
      expect(entry).toMatchObject({ id: refused.importId, status: 'failed', errorCount: refused.errorCount });
      expect(entry!.files).toEqual([{ file: 'deals.csv', rows: 500, inserted: 0, updated: 0, unchanged: 0 }]);
      expect(entry!.errorGroups).toEqual(refused.errorGroups);
      expect(entry!.errorGroups.map((g) => [g.column, g.count, g.examples[0]!.line])).toEqual([
        ['owner_rep_id', 1, 500],
        ['closed_at', 1, 501],
      ]);
    });

    it('a history row recorded with would-be counts before this rule is reported with none', async () => {
      const id = await startImportRecord(t.store.db, (await t.org()).id, 'upload', Date.now());
      await finishImportRecord(t.store.db, id, {
        orgId: (await t.org()).id,
        status: 'failed',
        fileNames: ['deals.csv'],
        summary: [{ file: 'deals.csv', rows: 7219, inserted: 158, updated: 7061, unchanged: 0 }],
        errors: [{ file: 'deals.csv', line: 2, column: 'currency', message: IDR }],
        errorCount: 259,
        errorGroups: [],
      });
      const [entry] = await t.getJson<ImportHistoryEntry[]>('/api/v1/imports?limit=1');
      expect(entry).toMatchObject({ id, status: 'failed' });
      expect(entry!.files).toEqual([
        { file: 'deals.csv', rows: 7219, inserted: 0, updated: 0, unchanged: 0 },
      ]);
    });
  });

  describe('formats and templates', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(dialect, { empty: true });
    });
    afterAll(() => t.dispose());

    it('lists every import file with the columns of the importer’s own specs', async () => {
      const formats = await t.getJson<ImportFileFormat[]>('/api/v1/imports/formats');
      expect(formats.map((f) => f.file)).toEqual(['org.json', ...FILE_SPECS.map((s) => s.file)]);
      for (const spec of FILE_SPECS) {
        const format = formats.find((f) => f.file === spec.file)!;
        expect(format.columns.map((c) => c.name)).toEqual(spec.columns);
        expect(format.columns.filter((c) => c.required).map((c) => c.name)).toEqual(
          spec.columns.filter((c) => spec.required.includes(c)),
        );
        expect(format.template).toBe(`/api/v1/imports/templates/${spec.file}`);
      }
    });

    it('every template downloads with the spec’s header, and the filled templates import as they are', async () => {
      const formats = await t.getJson<ImportFileFormat[]>('/api/v1/imports/formats');
      const texts: Record<string, string> = {};
      for (const format of formats) {
        const response = await t.app.inject({ url: format.template });
        expect(response.statusCode, format.file).toBe(200);
        expect(response.headers['content-disposition']).toBe(`attachment; filename="${format.file}"`);
        texts[format.file] = response.body;
        const spec = FILE_SPECS.find((s) => s.file === format.file);
        if (spec) {
          expect(response.headers['content-type']).toMatch(/^text\/csv/);
          const [header, example, rest] = response.body.split('\r\n');
          expect(header).toBe(spec.columns.join(','));
          expect(example).not.toBe('');
          expect(rest).toBe('');
        }
      }
      expect(JSON.parse(texts['org.json']!)).toEqual(DEFAULT_ORG_SETTINGS);
      const response = await upload(t, texts);
      expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
      const result = response.json<ImportResult>();
      expect(result.warnings).toEqual([]);
      expect(result.files.map((f) => [f.file, f.rows, f.inserted])).toEqual(
        FILE_SPECS.map((s) => [s.file, 1, 1]),
      );
      // The history names every file given, org.json (which has no rows to count) included.
      const [entry] = await t.getJson<ImportHistoryEntry[]>('/api/v1/imports?limit=1');
      expect(entry!.fileNames).toEqual(formats.map((f) => f.file));
      // Together they make a won deal of the organisation's currency, with its lead and customer.
      const report = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q1');
      expect(report.org).toMatchObject({ deals_won: 1, new_customers: 1, new_leads: 1 });
    });

    it('a template of the organisation’s currency: an IDR organisation gets IDR amounts', async () => {
      const idr = await createTestApp(dialect, { empty: true });
      try {
        expect((await upload(idr, { 'org.json': '{"currency":"IDR","name":"PT Maju"}' })).statusCode).toBe(
          200,
        );
        const deals = (await idr.app.inject({ url: '/api/v1/imports/templates/deals.csv' })).body;
        expect(deals.split('\r\n')[1]).toContain(',IDR,');
        const org = JSON.parse((await idr.app.inject({ url: '/api/v1/imports/templates/org.json' })).body);
        expect(org).toMatchObject({ name: 'PT Maju', currency: 'IDR' });
      } finally {
        await idr.dispose();
      }
    });

    it('answers 404 naming the file for a name that is not an import file', async () => {
      const response = await t.app.inject({ url: '/api/v1/imports/templates/notes.txt' });
      expect(response.statusCode).toBe(404);
      expect(response.json<ApiError>()).toMatchObject({ error: 'not_found', field: 'file' });
      expect(response.json<ApiError>().message).toMatch(/notes\.txt is not an import file/);
    });

    it('serves the import format as markdown: KPI-SPEC §1–§2 and the choices of docs/import.md', async () => {
      const response = await t.app.inject({ url: '/api/v1/imports/format' });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/markdown/);
      expect(response.body).toMatch(/^## 1\. Organisation settings/);
      expect(response.body).toContain('## 2. Import format');
      // The table of files became a list the app's CommonMark renders.
      expect(response.body).not.toMatch(/^\|/m);
      expect(response.body).toContain('*file · columns (required in bold) · notes*');
      expect(response.body).toContain('- `reps.csv`: **id**, **name**, email, team');
      expect(response.body).toContain('**status** (`open`|`won`|`lost`)');
      expect(response.body).not.toContain('## 3. ');
      expect(response.body).toContain('Spend rows have no id');
    });
  });

  describe('removing the data', () => {
    let t: TestApp;
    afterEach(async () => {
      await t?.dispose();
    });

    it('counts what it will delete, deletes all of it in one go, and the organisation starts empty', async () => {
      t = await createTestApp(dialect);
      const org = await t.org();
      await t.getJson<Dashboard[]>('/api/v1/dashboards');
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/dashboards',
        payload: { name: 'Mine', widgets: [] },
      });
      expect(created.statusCode).toBe(201);
      const summary = await t.getJson<OrgDataSummary>('/api/v1/org/data');
      const stored = await countOrgData(t.store.db, org.id);
      expect(summary.counts).toEqual(stored);
      // The untouched default dashboard comes back by itself: only "Mine" is counted as lost.
      expect(summary.counts).toMatchObject({ reps: 12, deals: 498, emails: 6000, dashboards: 1, imports: 1 });
      expect(summary).toMatchObject({ demoOnly: false, importRunning: false, dataVersion: org.data_version });

      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/org/reset',
        payload: { dataVersion: summary.dataVersion },
      });
      expect(response.statusCode, response.body).toBe(200);
      const result = response.json<OrgResetResult>();
      expect(result).toEqual({ deleted: summary.counts, dataVersion: org.data_version + 1 });

      const after = await t.getJson<OrgDataSummary>('/api/v1/org/data');
      expect(Object.values(after.counts).every((n) => n === 0)).toBe(true);
      const orgAfter = await t.getJson<OrgResponse>('/api/v1/org');
      expect(orgAfter).toMatchObject({
        id: org.id,
        hasData: false,
        name: DEFAULT_ORG_SETTINGS.name,
        currency: DEFAULT_ORG_SETTINGS.currency,
        dataVersion: org.data_version + 1,
      });
      // Every table with an org_id column is empty for the organisation, the rollup and goals included.
      for (const table of [
        'daily_facts',
        'goals',
        'goal_targets',
        'goal_folders',
        'target_updates',
      ] as const) {
        const rows = await t.store.db
          .selectFrom(table)
          .select('org_id')
          .where('org_id', '=', org.id)
          .execute();
        expect(rows, table).toEqual([]);
      }
      const report = await t.getJson<KpiReport>('/api/v1/kpis?period=2026-Q1');
      expect(report.org.deals_won ?? 0).toBe(0);
      expect(await t.getJson<ImportHistoryEntry[]>('/api/v1/imports')).toEqual([]);
      const dashboards = await t.getJson<Dashboard[]>('/api/v1/dashboards');
      expect(dashboards.map((d) => [d.name, d.isDefault])).toEqual([['Sales KPIs', true]]);
      // The default dashboard back as it was is nothing to remove; edited, it is.
      const nothing = await t.getJson<OrgDataSummary>('/api/v1/org/data');
      expect(Object.values(nothing.counts).every((n) => n === 0)).toBe(true);
      const renamed = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/dashboards/${dashboards[0]!.id}`,
        payload: { name: 'Ours', version: dashboards[0]!.version },
      });
      expect(renamed.statusCode).toBe(200);
      expect((await t.getJson<OrgDataSummary>('/api/v1/org/data')).counts.dashboards).toBe(1);
      // The organisation's own files import into it as into a new one.
      expect((await upload(t, { 'org.json': '{"currency":"IDR"}' })).statusCode).toBe(200);
    });

    it('calls the data the demo when only the demo was imported', async () => {
      t = await createTestApp(dialect, { empty: true });
      const result = await runImport(t.store, filesInDirectory(SMALL.dataDir).files, { source: 'demo' });
      expect(result.ok).toBe(true);
      expect((await t.getJson<OrgDataSummary>('/api/v1/org/data')).demoOnly).toBe(true);
      expect(
        (await upload(t, { 'leads.csv': csv(['id', 'created_at'], ['MINE1', '2026-02-01']) })).statusCode,
      ).toBe(200);
      expect((await t.getJson<OrgDataSummary>('/api/v1/org/data')).demoOnly).toBe(false);
    });

    it('is refused (409, naming why) while an import runs, and deletes nothing', async () => {
      t = await createTestApp(dialect);
      const org = await t.org();
      const before = await countOrgData(t.store.db, org.id);

      // Another process's import (udn import next to udn serve) is seen in the import history.
      const id = await startImportRecord(t.store.db, org.id, 'cli', Date.now());
      expect((await t.getJson<OrgDataSummary>('/api/v1/org/data')).importRunning).toBe(true);
      const refused = await t.app.inject({ method: 'POST', url: '/api/v1/org/reset' });
      expect(refused.statusCode).toBe(409);
      expect(refused.json<ApiError>().error).toBe('import_running');
      expect(refused.json<ApiError>().message).toMatch(new RegExp(`import #${id} \\(cli\\).*still running`));
      expect(await countOrgData(t.store.db, org.id)).toEqual({ ...before, imports: before.imports + 1 });

      // An upload this server is receiving.
      await finishImportRecord(t.store.db, id, {
        orgId: org.id,
        status: 'failed',
        fileNames: [],
        summary: [],
        errors: [],
        errorCount: 0,
        errorGroups: [],
      });
      let release!: () => void;
      const receiving = trackUpload(t.app.udn, () => new Promise<void>((resolve) => (release = resolve)));
      const during = await t.app.inject({ method: 'POST', url: '/api/v1/org/reset' });
      expect(during.statusCode).toBe(409);
      expect(during.json<ApiError>()).toMatchObject({ error: 'import_running' });
      expect(during.json<ApiError>().message).toMatch(/an upload is being imported/);
      release();
      await receiving;
      expect((await countOrgData(t.store.db, org.id)).deals).toBe(before.deals);

      // Once it ended, the reset goes through.
      const ok = await t.app.inject({ method: 'POST', url: '/api/v1/org/reset' });
      expect(ok.statusCode).toBe(200);
    });

    it('a "running" import left hours ago by a stopped process does not block it', async () => {
      t = await createTestApp(dialect);
      await startImportRecord(t.store.db, (await t.org()).id, 'cli', Date.now() - 3 * 60 * 60 * 1000);
      expect((await t.getJson<OrgDataSummary>('/api/v1/org/data')).importRunning).toBe(false);
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/org/reset' })).statusCode).toBe(200);
    });

    it('refuses (409 data_changed) when the data changed since the counts were shown', async () => {
      t = await createTestApp(dialect);
      const { dataVersion } = await t.getJson<OrgDataSummary>('/api/v1/org/data');
      expect(
        (await upload(t, { 'leads.csv': csv(['id', 'created_at'], ['NEW1', '2026-02-01']) })).statusCode,
      ).toBe(200);
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/org/reset',
        payload: { dataVersion },
      });
      expect(response.statusCode).toBe(409);
      expect(response.json<ApiError>()).toMatchObject({ error: 'data_changed', field: 'dataVersion' });
      expect((await countOrgData(t.store.db, (await t.org()).id)).leads).toBeGreaterThan(0);
    });

    it('tells open pages: data-changed, goals-changed and each deleted dashboard', async () => {
      t = await createTestApp(dialect, { pollMs: 100 });
      const [dashboard] = await t.getJson<Dashboard[]>('/api/v1/dashboards');
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      const address = t.app.server.address();
      const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
      const abort = new AbortController();
      const stream = await fetchAs(`${base}/api/v1/events`, { signal: abort.signal });
      const reader = stream.body!.getReader();
      const decoder = new TextDecoder();
      const events: LiveEvent[] = [];
      let buffer = '';
      const reset = await fetchAs(`${base}/api/v1/org/reset`, { method: 'POST' });
      expect(reset.status).toBe(200);
      const { dataVersion } = (await reset.json()) as OrgResetResult;
      const deadline = Date.now() + 5000;
      while (events.length < 3 && Date.now() < deadline) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        const frames = buffer.split('\n\n');
        buffer = frames.pop()!;
        for (const frame of frames) {
          const data = frame.split('\n').find((line) => line.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)) as LiveEvent);
        }
      }
      abort.abort();
      expect(events).toEqual([
        { type: 'data-changed', dataVersion },
        { type: 'goals-changed' },
        { type: 'dashboard-changed', dashboardId: dashboard!.id, version: 0 },
      ]);
    });
  });
});
