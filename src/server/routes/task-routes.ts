import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { visibleRepEntries } from '../../core/access/visibility.ts';
import {
  taskCreateSchema,
  taskListSchema,
  taskSchema,
  taskStatsQuerySchema,
  taskStatsSchema,
  tasksQuerySchema,
  taskUpdateSchema,
  todayQuerySchema,
} from '../../core/contracts/goals.ts';
import {
  createTask,
  deleteTask,
  listTasks,
  taskOf,
  taskStats,
  updateTask,
} from '../../services/goals/tasks-service.ts';
import { principalOf } from '../access/route-guard.ts';
import { announce } from '../live-announce.ts';
import { apiErrorSchema, inputErrors } from '../openapi-schemas.ts';
import { clockOf } from '../request-clock.ts';
import { periodOf } from '../request-period.ts';
import { requestVisibility } from '../request-visibility.ts';
import type { ServerContext } from '../server-context.ts';
import { auditRecord } from './record-audit.ts';

const idParams = z.object({ id: z.coerce.number().int().positive() });

/** The light task list: calls, emails, meetings and to-dos, linked to reps, deals, accounts and targets. */
export function taskRoutes(ctx: ServerContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/tasks',
      {
        config: { access: 'read' },
        schema: {
          tags: ['tasks'],
          summary: 'Tasks, open first then by due date',
          description:
            'Filter by assignee_rep_id, status, target_id, goal_id, deal_id, account_id, due_from / due_to (inclusive) and overdue (open and due before today in the organisation’s zone).',
          querystring: tasksQuerySchema,
          response: { 200: taskListSchema, 400: apiErrorSchema },
        },
      },
      async (request) => {
        const { today, ...query } = request.query;
        return listTasks(ctx.store, await ctx.org(request), query, {
          ...clockOf({ today }),
          as: principalOf(request),
        });
      },
    );

    app.get(
      '/tasks/stats',
      {
        config: { access: 'read' },
        schema: {
          tags: ['tasks'],
          summary: 'Per rep: tasks completed in the period and open tasks overdue today (team table)',
          description:
            'Give `period` or `from` and `to`. `completed` counts tasks whose completed_at falls in the period (organisation’s zone); `overdue` open tasks due before today; every rep is listed.',
          querystring: taskStatsQuerySchema,
          response: { 200: taskStatsSchema, 400: apiErrorSchema },
        },
      },
      async (request) => {
        const org = await ctx.org(request);
        const { today, ...period } = request.query;
        const stats = await taskStats(ctx.store, org, periodOf(period, org).range, clockOf({ today }));
        return visibleRepEntries(stats, await requestVisibility(ctx, request, org));
      },
    );

    app.get(
      '/tasks/:id',
      {
        config: { access: 'read' },
        schema: {
          tags: ['tasks'],
          summary: 'One task',
          params: idParams,
          querystring: todayQuerySchema,
          response: { 200: taskSchema, ...inputErrors },
        },
      },
      async (request) =>
        taskOf(ctx.store, await ctx.org(request), request.params.id, {
          ...clockOf(request.query),
          as: principalOf(request),
        }),
    );

    app.post(
      '/tasks',
      {
        config: { access: 'write' },
        schema: {
          tags: ['tasks'],
          summary: 'Create a task',
          description:
            'A link to a rep, deal, account or goal target that does not exist is a 400 naming it (assignee_rep_id, deal_id, account_id, target_id).',
          body: taskCreateSchema,
          response: { 201: taskSchema, ...inputErrors },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const task = await createTask(ctx.store, org, request.body, { as: principalOf(request) });
        await auditRecord(ctx, request, {
          kind: 'task',
          action: 'created',
          subject: String(task.id),
          summary: `created task "${task.title}"${task.assignee_rep_id ? ` for ${task.assignee_rep_id}` : ''}`,
          after: { title: task.title, assignee_rep_id: task.assignee_rep_id, due_date: task.due_date },
        });
        announce(ctx, org, null);
        return reply.code(201).send(task);
      },
    );

    app.patch(
      '/tasks/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: ['tasks'],
          summary: 'Change a task; status open → done records completed_at, done → open clears it',
          params: idParams,
          body: taskUpdateSchema,
          response: { 200: taskSchema, ...inputErrors },
        },
      },
      async (request) => {
        const org = await ctx.org(request);
        const task = await updateTask(ctx.store, org, request.params.id, request.body, {
          as: principalOf(request),
        });
        await auditRecord(ctx, request, {
          kind: 'task',
          action: 'updated',
          subject: String(task.id),
          summary: `changed task "${task.title}" (${Object.keys(request.body).join(', ') || 'nothing'})`,
          after: request.body,
        });
        announce(ctx, org, null);
        return task;
      },
    );

    app.delete(
      '/tasks/:id',
      {
        config: { access: 'write' },
        schema: {
          tags: ['tasks'],
          summary: 'Delete a task',
          params: idParams,
          response: { 204: z.null().describe('Deleted'), 404: apiErrorSchema },
        },
      },
      async (request, reply) => {
        const org = await ctx.org(request);
        const task = await deleteTask(ctx.store, org, request.params.id, { as: principalOf(request) });
        await auditRecord(ctx, request, {
          kind: 'task',
          action: 'deleted',
          subject: String(task.id),
          summary: `deleted task "${task.title}"`,
          before: { title: task.title, assignee_rep_id: task.assignee_rep_id },
        });
        announce(ctx, org, null);
        return reply.code(204).send(null);
      },
    );
  };
}
