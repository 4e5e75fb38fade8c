import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyCompress from '@fastify/compress';
import fastifyMultipart from '@fastify/multipart';
import Fastify, { type FastifyInstance, type FastifyServerOptions, LogController } from 'fastify';
import { validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { defaultMailer, sendInvitationEmail } from '../auth/mailer.ts';
import { ssoConfigFromEnv, ssoSummary } from '../auth/sso-config.ts';
import type { ImportJob } from '../core/contracts/imports.ts';
import type { Store } from '../db/database.ts';
import { interruptStoppedImports } from '../db/imports-repo.ts';
import { dataVersions } from '../db/reference-repo.ts';
import { TokenUse } from '../services/access/api-tokens.ts';
import { AlertEngine, type AlertEngineOptions } from '../services/alerts/alert-engine.ts';
import { DigestScheduler, type DigestSchedulerOptions } from '../services/digests/digest-scheduler.ts';
import { type ImportJobEnd, ImportJobs } from '../services/imports/import-jobs.ts';
import { MailerSource } from '../services/notifications/mailer-source.ts';
import { Notifier, type NotifierOptions } from '../services/notifications/notifier.ts';
import { importOnThread } from '../services/sources/import-on-thread.ts';
import { SourceScheduler } from '../services/sources/source-scheduler.ts';
import { disabledNotice } from '../services/webhooks/disabled-notice.ts';
import { WebhookDispatcher } from '../services/webhooks/webhook-dispatcher.ts';
import { installAuditHook } from './access/audit-hook.ts';
import { bearerTokenResolver } from './access/bearer-token.ts';
import { installRouteGuard, type PrincipalResolver, principalOf } from './access/route-guard.ts';
import { installShareLinks } from './access/share-link.ts';
import { authOf, registerAuth } from './auth/register-auth.ts';
import { clusterSync } from './cluster-sync.ts';
import { installErrorHandlers } from './error-handler.ts';
import { importJobEvents } from './import-job-events.ts';
import { installEncodedUploads } from './limits/encoded-uploads.ts';
import { DEFAULT_TIMEOUTS, type RequestTimeouts, serverTimeoutOptions } from './limits/request-timeouts.ts';
import { installSlowBodyGuard } from './limits/slow-body-guard.ts';
import { LiveEvents } from './live-events.ts';
import { installMetrics, metricsOptions } from './metrics/install-metrics.ts';
import type { ServerMetrics } from './metrics/server-metrics.ts';
import { registerOpenApi } from './openapi.ts';
import { installRequestLog, REDACTED_LOG_PATHS, requestIdOf, requestSerializers } from './request-log.ts';
import { ResponseCache } from './response-cache.ts';
import { alertRoutes } from './routes/alert-routes.ts';
import { annotationRoutes } from './routes/annotation-routes.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { authOptionsRoutes } from './routes/auth-options-routes.ts';
import { dashboardExportRoutes } from './routes/dashboard-export-routes.ts';
import { dashboardRoutes } from './routes/dashboard-routes.ts';
import { digestRoutes } from './routes/digest-routes.ts';
import { eventRoutes } from './routes/event-routes.ts';
import { exportRoutes } from './routes/export-routes.ts';
import { goalFolderRoutes } from './routes/goal-folder-routes.ts';
import { goalRoutes } from './routes/goal-routes.ts';
import { goalTargetRoutes } from './routes/goal-target-routes.ts';
import { goalViewRoutes } from './routes/goal-view-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { importPreviewRoutes } from './routes/import-preview-routes.ts';
import { importRoutes } from './routes/import-routes.ts';
import { invitationRoutes } from './routes/invitation-routes.ts';
import { kpiRoutes } from './routes/kpi-routes.ts';
import { lookupRoutes } from './routes/lookup-routes.ts';
import { mappingRoutes } from './routes/mapping-routes.ts';
import { memberRoutes } from './routes/member-routes.ts';
import { notificationRoutes, publishUnread } from './routes/notification-routes.ts';
import { orgRoutes } from './routes/org-routes.ts';
import { orgSettingsRoutes } from './routes/org-settings-routes.ts';
import { quotaRoutes } from './routes/quota-routes.ts';
import { recordRoutes } from './routes/record-routes.ts';
import { resetLinkRoutes } from './routes/reset-link-routes.ts';
import { shareRoutes } from './routes/share-routes.ts';
import { sourceRoutes } from './routes/source-routes.ts';
import { taskRoutes } from './routes/task-routes.ts';
import { tokenRoutes } from './routes/token-routes.ts';
import { webhookRoutes } from './routes/webhook-routes.ts';
import { defaultAllowedHosts } from './security/allowed-hosts.ts';
import { installRequestGuards } from './security/request-guards.ts';
import { registerSecurityHeaders } from './security/security-headers.ts';
import { orgSource, type ServerContext, serialQueue } from './server-context.ts';
import { Hooks } from './server-hooks.ts';
import {
  DEFAULT_MAX_CONCURRENT_UPLOADS,
  DEFAULT_UPLOAD_TEMP_LIMIT_BYTES,
  defaultUploadDir,
  removeOrphanUploads,
  UploadSpace,
} from './uploads/upload-space.ts';
import { DEFAULT_WEB_DIST, registerWebApp } from './web-app.ts';

export interface BuildAppOptions {
  store: Store;
  /** The built web app; null serves the API only. Default web/dist of this repository. */
  webDist?: string | null;
  logger?: FastifyServerOptions['logger'];
  /** How often another process's imports are looked for while a page listens (ms). */
  pollMs?: number;
  keepAliveMs?: number;
  /** Largest uploaded file (bytes). */
  uploadLimitBytes?: number;
  /** How long the organisation record (and its data version) is reused between requests (ms). */
  orgTtlMs?: number;
  /** Memory for cached KPI answers (bytes). */
  cacheBytes?: number;
  /** Where upload directories are made; default env UDN_UPLOAD_DIR, else os.tmpdir()/udn-uploads. */
  uploadDir?: string;
  /** Temporary disk all uploads may use together (bytes); default env UDN_UPLOAD_TEMP_LIMIT_BYTES, else 2 GiB. */
  uploadTempLimitBytes?: number;
  /** Uploads received at the same time; default 4. */
  maxConcurrentUploads?: number;
  /** The importer's parseThreadFromBytes for upload jobs (tests set 0). */
  importParseThreadFromBytes?: number;
  /** Start the import thread when ready, so the first upload does not wait seconds for it (startServer does). */
  prewarmImportThread?: boolean;
  /** Host names (optional `:port`, `*` for any) the server answers to; default the loopback names (DNS rebinding). */
  allowedHosts?: readonly string[];
  /** Origins besides the server's own whose pages may write (`https://intranet.example`). */
  allowedOrigins?: readonly string[];
  /** Fastify's trustProxy (UDN_TRUST_PROXY): the client's IP and protocol come from X-Forwarded-*. */
  trustProxy?: boolean | string | string[] | ((address: string, hop: number) => boolean);
  /** Header, request, keep-alive and body timeouts; each defaults to DEFAULT_TIMEOUTS. */
  timeouts?: Partial<RequestTimeouts>;
  /** Set `draining` when shutting down: /readyz then answers 503 (startServer does, on SIGTERM). */
  lifecycle?: { draining: boolean };
  /** The bearer token GET /metrics asks for; default env UDN_METRICS_TOKEN; without one, /metrics is 404. */
  metricsToken?: string | null;
  /** `host:port` of a private listener serving /metrics without a token; default env UDN_METRICS_BIND. */
  metricsBind?: string | null;
  /** Scheduled sources (docs/adr/0021): `enabled: false` schedules none; tests shorten the retry delays. */
  sources?: { enabled?: boolean; reloadMs?: number; retryDelaysMs?: readonly number[]; timeoutMs?: number };
  /** The notifier's clock, chat hosts allowed besides the services' (tests: 127.0.0.1), flush interval. */
  notifications?: Pick<
    NotifierOptions,
    'now' | 'fetch' | 'chatHosts' | 'flushEveryMs' | 'chatTimeoutMs' | 'publicUrl'
  >;
  /** Outbound webhooks (docs/webhooks.md): tests shorten the retry delays, the poll and the timeout. */
  webhooks?: {
    pollMs?: number;
    retryDelaysMs?: readonly number[];
    timeoutMs?: number;
    now?: () => number;
    maxGivenUp?: number;
  };
  /** Alert rules (docs/alerts.md): `enabled: false` schedules no evaluation; tests fix the clock and the debounce. */
  alerts?: Pick<AlertEngineOptions, 'now' | 'intervalMs' | 'debounceMs'> & { enabled?: boolean };
  /** Scheduled digests (docs/digests.md): `enabled: false` sends none on schedule; tests fix the clock. */
  digests?: Pick<DigestSchedulerOptions, 'now' | 'tickMs' | 'publicUrl'> & { enabled?: boolean };
}

const envBytes = (name: string): number | undefined => {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;
  const bytes = Number(value);
  if (!Number.isSafeInteger(bytes) || bytes <= 0)
    throw new Error(`${name} must be a number of bytes, not "${value}"`);
  return bytes;
};

const PACKAGE_VERSION = (
  JSON.parse(
    fs.readFileSync(path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../package.json'), 'utf8'),
  ) as { version: string }
).version;

/** UDN's logger settings over the caller's level: secrets redacted, share secrets cut from URLs. */
function withRedactedUrls(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return logger;
  return {
    ...(typeof logger === 'object' ? logger : {}),
    serializers: requestSerializers,
    redact: { paths: REDACTED_LOG_PATHS, censor: '[redacted]' },
  };
}

/** The UDN HTTP server, ready to `listen` or to `inject` requests into (tests). It does not own the store. */
export async function buildApp(options: BuildAppOptions): Promise<FastifyInstance & { udn: ServerContext }> {
  const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const webDist = options.webDist === undefined ? DEFAULT_WEB_DIST : options.webDist;
  const app = Fastify({
    ...serverTimeoutOptions(timeouts),
    logger: withRedactedUrls(options.logger ?? false),
    // Large query strings and bodies are never legitimate here; uploads go through multipart limits.
    bodyLimit: 2 * 1024 * 1024,
    forceCloseConnections: 'idle',
    trustProxy: options.trustProxy ?? false,
    genReqId: requestIdOf,
    // One line per request from installRequestLog instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<ZodTypeProvider>();

  // First of the hooks: a request refused by any later one still carries its id and is logged.
  let metrics: ServerMetrics | null = null;
  installRequestLog(app, () => metrics);
  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the API; answers are plain data already, so they are not re-validated.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  installErrorHandlers(app, { storeRetryAfterS: () => options.store.health.retryAfterS() });
  await registerSecurityHeaders(app, webDist);
  installRequestGuards(app, {
    allowedHosts: options.allowedHosts ?? defaultAllowedHosts(),
    allowedOrigins: options.allowedOrigins ?? [],
  });
  installSlowBodyGuard(app, timeouts);
  const tokenUse = new TokenUse(options.store);
  app.addHook('onClose', async () => tokenUse.close());
  const principals: PrincipalResolver[] = [bearerTokenResolver(options.store, tokenUse)];
  const routes = installRouteGuard(app, () => principals, installAuditHook(app, options.store));

  const orgs = orgSource(options.store, options.orgTtlMs ?? 200);
  const afterDataChange = new Hooks<[orgId: number, dataVersion: number]>();
  const afterImport = new Hooks<[orgId: number, job: ImportJob, end: ImportJobEnd]>();
  const afterGoalsChange = new Hooks<[orgId: number]>();
  const live = new LiveEvents({
    readVersions: () => dataVersions(options.store.db),
    onNewVersion: (orgId, dataVersion) => {
      orgs.invalidate(orgId);
      afterDataChange.run(orgId, dataVersion);
    },
    pollMs: options.pollMs ?? 500,
    keepAliveMs: options.keepAliveMs ?? 15_000,
    onError: (error) => app.log.warn({ err: error }, 'live update poll failed'),
  });
  const cache = new ResponseCache({ maxBytes: options.cacheBytes ?? 64 * 1024 * 1024 });
  metrics = installMetrics(app, metricsOptions(options), {
    sseClients: () => live.size,
    cache: () => ({ hits: cache.hits, misses: cache.misses }),
  });
  // Several servers on one database: what one announces, the others apply (cluster-sync.ts).
  const instanceId = randomUUID();
  const cluster = clusterSync(options.store, instanceId, orgs, (error, message) =>
    app.log.warn({ err: error }, message),
  );
  const jobEvents = importJobEvents(options.store, live, orgs, cluster.tell, (error, message) =>
    app.log.warn({ err: error }, message),
  );
  const jobs = new ImportJobs({
    store: options.store,
    ...jobEvents,
    onFinished(job, end, orgId) {
      metrics?.importFinished(job, end);
      jobEvents.onFinished(job, end, orgId);
      afterImport.run(orgId, job, end);
    },
    ...(options.importParseThreadFromBytes !== undefined
      ? { parseThreadFromBytes: options.importParseThreadFromBytes }
      : {}),
  });
  const uploads = new UploadSpace({
    dir: options.uploadDir ?? process.env.UDN_UPLOAD_DIR ?? defaultUploadDir(),
    limitBytes:
      options.uploadTempLimitBytes ??
      envBytes('UDN_UPLOAD_TEMP_LIMIT_BYTES') ??
      DEFAULT_UPLOAD_TEMP_LIMIT_BYTES,
    maxConcurrent: options.maxConcurrentUploads ?? DEFAULT_MAX_CONCURRENT_UPLOADS,
  });
  const webhooks = new WebhookDispatcher({
    store: options.store,
    onError: (error, message) => app.log.warn({ err: error }, message),
    // Called long after start-up: the notifier below exists by then.
    onDisabled: disabledNotice(
      options.store,
      (input) => notifier.notify(input),
      (error, message) => app.log.warn({ err: error }, message),
    ),
    ...options.webhooks,
  });
  // UDN_SMTP_URL, else the SMTP server saved on the notification settings page.
  const mailers = new MailerSource(options.store);
  const notifier = new Notifier({
    store: options.store,
    mailer: () => mailers.current(),
    publish(orgId, userId) {
      publishUnread(ctx, orgId, userId).catch((error: unknown) =>
        app.log.warn({ err: error }, 'notification count could not be published'),
      );
      cluster.tell({ t: 'notifications', org: orgId, user: userId });
    },
    onError: (error, message) => app.log.warn({ err: error }, message),
    ...options.notifications,
  });
  // Alerts follow every data change and import end, and a schedule; they speak through the notifier and webhooks.
  const { enabled: alertsScheduled, ...alertOptions } = options.alerts ?? {};
  const alerts = new AlertEngine({
    store: options.store,
    notify: (input) => notifier.notify(input),
    emit: (event) => webhooks.emit(event),
    onError: (error, message) => app.log.warn({ err: error }, message),
    ...alertOptions,
  });
  afterDataChange.add((orgId) => alerts.dataChanged(orgId));
  afterImport.add((orgId, job, end) => {
    alerts
      .afterImport(orgId, job, end)
      .catch((error: unknown) => app.log.warn({ err: error }, 'import alerts could not be evaluated'));
  });
  const ctx: ServerContext = {
    store: options.store,
    cache,
    live,
    org: (request) => orgs.org(principalOf(request).orgId),
    orgById: (orgId) => orgs.org(orgId),
    orgChanged: (orgId, dataVersion) => {
      orgs.invalidate(orgId);
      cluster.tell(
        dataVersion === undefined ? { t: 'org', org: orgId } : { t: 'org', org: orgId, v: dataVersion },
      );
    },
    instanceId,
    tell: cluster.tell,
    uploadLimitBytes: options.uploadLimitBytes ?? 512 * 1024 * 1024,
    serialize: serialQueue(),
    jobs,
    uploads,
    principals,
    routes,
    afterDataChange,
    afterImport,
    afterGoalsChange,
    notifier,
    webhooks,
    alerts,
  };
  app.decorate('udn', ctx);
  const sources = new SourceScheduler({
    store: options.store,
    onError: (error, message) => app.log.warn({ err: error }, message),
    // The import's own end reaches pages and the cluster through the import jobs' events.
    onRunEnd(sourceId, outcome) {
      if (!outcome.ran) return;
      const { end } = outcome;
      app.log.info({ sourceId, runId: end.runId, status: end.status, importId: end.importId }, end.message);
    },
    ...(options.sources?.reloadMs !== undefined ? { reloadMs: options.sources.reloadMs } : {}),
    run: {
      importer: importOnThread(jobs),
      ...(options.sources?.retryDelaysMs ? { retryDelaysMs: options.sources.retryDelaysMs } : {}),
      ...(options.sources?.timeoutMs !== undefined ? { timeoutMs: options.sources.timeoutMs } : {}),
    },
  });
  if (options.sources?.enabled !== false) app.addHook('onReady', async () => sources.start());
  // A draining server lets a source's running import finish; one closing at once cancels it (nothing written).
  app.addHook('onClose', async () => sources.stop(options.lifecycle?.draining === true));
  installShareLinks(app, ctx);
  app.addHook('onReady', async () => cluster.start(ctx));
  app.addHook('onReady', async () => notifier.start());
  app.addHook('onClose', async () => {
    await notifier.stop();
    mailers.close();
  });
  app.addHook('onReady', async () => webhooks.start());
  // Digests go out on their schedule; each member recipient also finds it in the notification centre.
  const { enabled: digestsScheduled, ...digestOptions } = options.digests ?? {};
  const digests = new DigestScheduler({
    store: options.store,
    mailer: () => mailers.current(),
    onError: (error, message) => app.log.warn({ err: error }, message),
    onSent(digest, org, result) {
      const userIds = result.deliveries.flatMap((d) => (d.status === 'sent' && d.userId ? [d.userId] : []));
      if (userIds.length === 0) return;
      void notifier.notify({
        orgId: org.id,
        userIds,
        kind: 'digest',
        title: `${digest.input.name}: ${result.period.from} – ${result.period.to}`,
        body: `Your ${digest.input.frequency} digest was sent by e-mail.`,
        link: digest.input.dashboardId === null ? '/' : `/dashboards/${digest.input.dashboardId}`,
      });
    },
    ...digestOptions,
  });
  if (digestsScheduled !== false) app.addHook('onReady', async () => digests.start());
  app.addHook('onClose', async () => digests.stop());
  if (alertsScheduled !== false) app.addHook('onReady', async () => alerts.start());
  app.addHook('onClose', async () => alerts.stop());
  app.addHook('onClose', async () => webhooks.stop());
  app.addHook('onClose', async () => cluster.stop());
  app.addHook('preClose', async () => live.close());
  // A server that stops cancels its imports (nothing of them is written) rather than leave them running.
  app.addHook('onClose', async () => jobs.close());

  await registerAuth(app, ctx, {
    allowedHosts: options.allowedHosts ?? defaultAllowedHosts(),
    allowedOrigins: options.allowedOrigins ?? [],
    trustProxy: Boolean(options.trustProxy),
    sso: ssoSummary(ssoConfigFromEnv()),
  });

  // Before compress: an encoded multipart body is unpacked here, not tapped by compress.
  installEncodedUploads(app, ctx.uploadLimitBytes);
  await app.register(fastifyCompress, {
    global: true,
    threshold: 1024,
    encodings: ['br', 'gzip', 'deflate'],
    // Quality 4 compresses JSON nearly as well as 11 at a fraction of the CPU time per request.
    brotliOptions: { params: { [(await import('node:zlib')).constants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  await app.register(fastifyMultipart, {
    limits: { fileSize: ctx.uploadLimitBytes, files: 16, fields: 16, parts: 32 },
  });
  await registerOpenApi(app, PACKAGE_VERSION);
  await app.register(healthRoutes(options.store, options.lifecycle));

  await app.register(
    async (api) => {
      await api.register(orgRoutes(ctx));
      await api.register(kpiRoutes(ctx));
      await api.register(dashboardRoutes(ctx));
      await api.register(dashboardExportRoutes(ctx));
      await api.register(importRoutes(ctx));
      await api.register(mappingRoutes(ctx));
      await api.register(importPreviewRoutes(ctx));
      await api.register(recordRoutes(ctx));
      await api.register(eventRoutes(ctx));
      await api.register(goalFolderRoutes(ctx));
      await api.register(goalViewRoutes(ctx));
      await api.register(goalRoutes(ctx));
      await api.register(goalTargetRoutes(ctx));
      await api.register(quotaRoutes(ctx));
      await api.register(taskRoutes(ctx));
      await api.register(lookupRoutes(ctx));
      await api.register(authOptionsRoutes());
      await api.register(resetLinkRoutes(ctx, () => authOf(app)));
      await api.register(tokenRoutes(ctx, tokenUse));
      await api.register(auditRoutes(ctx));
      await api.register(memberRoutes(ctx));
      await api.register(
        invitationRoutes(ctx, {
          mailer: async (m) => {
            const mailer = defaultMailer();
            if (!mailer) return false;
            await sendInvitationEmail(mailer, {
              to: m.to,
              orgName: m.orgName,
              url: m.url,
              role: m.role,
              locale: m.locale,
            });
            return true;
          },
        }),
      );
      await api.register(orgSettingsRoutes(ctx));
      await api.register(shareRoutes(ctx));
      await api.register(sourceRoutes(ctx, sources));
      await api.register(webhookRoutes(ctx));
      await api.register(notificationRoutes(ctx, mailers));
      await api.register(annotationRoutes(ctx));
      await api.register(alertRoutes(ctx));
      await api.register(digestRoutes(ctx, { mailer: () => mailers.current() }));
      await api.register(exportRoutes(ctx));
    },
    { prefix: '/api/v1' },
  );
  await registerWebApp(app, webDist);
  app.addHook('onReady', async () => {
    // What a killed earlier run left: its imports marked interrupted, its upload directories deleted.
    const interrupted = await interruptStoppedImports(options.store.db);
    const removed = removeOrphanUploads(uploads.options.dir);
    if (options.prewarmImportThread) jobs.prewarm();
    if (interrupted.length > 0 || removed.length > 0) {
      app.log.info({ interrupted, removed }, 'recovered what a stopped process left');
    }
  });
  return app as unknown as FastifyInstance & { udn: ServerContext };
}
