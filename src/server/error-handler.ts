import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ApiError } from '../core/contracts/api.ts';
import { HttpError } from './http-error.ts';

/** `/widgets/0/layout/w` → `widgets.0.layout.w`; unknown keys name the key itself. */
function fieldOf(instancePath: string, params: Record<string, unknown>): string {
  const base = instancePath.split('/').filter(Boolean).join('.');
  const keys = params.keys;
  if (Array.isArray(keys) && typeof keys[0] === 'string') return base ? `${base}.${keys[0]}` : keys[0];
  return base;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'bad_request',
  404: 'not_found',
  405: 'method_not_allowed',
  406: 'not_acceptable',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  429: 'too_many_requests',
};

/**
 * Every 4xx/5xx body is the contract's ApiError. Validation errors name the field the way a
 * client wrote it (`from`, `widgets.0.layout.w`); server errors never leak internals.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) return reply.code(error.statusCode).send(error.toBody());
    if (hasZodFastifySchemaValidationErrors(error)) {
      const details = error.validation.map((issue) => {
        const field = fieldOf(issue.instancePath, issue.params as Record<string, unknown>) || '(request)';
        return { field, message: issue.message ?? 'is invalid' };
      });
      const first = details[0]!;
      const body: ApiError = {
        error: 'bad_request',
        message: `${first.field}: ${first.message}`,
        field: first.field,
        details,
      };
      return reply.code(400).send(body);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const body: ApiError = { error: CODE_BY_STATUS[status] ?? 'bad_request', message: error.message };
      return reply.code(status).send(body);
    }
    request.log.error({ err: error }, 'request failed');
    const body: ApiError = { error: 'internal_error', message: 'the server could not answer this request' };
    return reply.code(500).send(body);
  });
}
