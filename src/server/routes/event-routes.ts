import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { principalOf } from '../access/route-guard.ts';
import type { ServerContext } from '../server-context.ts';

/** Server-sent events: one JSON LiveEvent per message (no event names, so `onmessage` sees them all). */
export function eventRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/events',
      {
        config: { access: 'share-read' },
        schema: {
          tags: ['live'],
          summary: 'Live stream (text/event-stream) of data-changed and dashboard-changed events',
          description:
            'Each message is `data: <LiveEvent JSON>`. data-changed follows an import through the API or, within about a second, one by another process; comments keep the stream open. A listener hears only its organisation, and of it only what it may see: import-progress and import-finished go to admins; a share link (`?share=<secret>`) hears data-changed and the dashboard-changed of its dashboards.',
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          connection: 'keep-alive',
          'x-accel-buffering': 'no',
        });
        res.write('retry: 2000\n: connected\n\n');
        const unsubscribe = ctx.live.subscribe(principalOf(request), org.data_version, res);
        request.raw.on('close', unsubscribe);
        res.on('close', unsubscribe);
      },
    );
  };
}
