import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** The OpenAPI description, made from the routes' zod schemas: JSON at /api/openapi.json, browsable at /api/docs. */
export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'UDN API',
        description:
          'Sales KPIs (KPI-SPEC), dashboards, goals and tasks, imports and a live stream. Every 4xx/5xx body is `{error, message, field?, details?}`.',
        version,
      },
      tags: [
        { name: 'kpis', description: 'KPI report, time series, breakdowns and drill-downs' },
        { name: 'dashboards', description: 'Saved dashboards and widgets' },
        {
          name: 'goals',
          description: 'Goals, their targets (sales quotas included), progress, pacing, map and leaderboard',
        },
        { name: 'tasks', description: 'Sales tasks and per-rep task counts' },
        { name: 'imports', description: 'CSV upload (KPI-SPEC §2) and import history' },
        {
          name: 'organisation',
          description: 'The organisation, its reps and teams; accounts and deals by name',
        },
        { name: 'exports', description: 'Tables, drill-downs and the KPI report as CSV and XLSX' },
        { name: 'alerts', description: 'Alert rules on KPIs, targets, rep activity and imports; what fired' },
        { name: 'digests', description: 'Scheduled e-mail digests of a dashboard or "My week"' },
        {
          name: 'webhooks',
          description: 'Outbound webhooks: signed event deliveries, their log and retries',
        },
        { name: 'notifications', description: 'The bell, own channels and quiet hours, delivery log, SMTP' },
        { name: 'live', description: 'Server-sent events' },
        { name: 'health', description: 'Liveness and readiness (at the root, not under /api/v1)' },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
