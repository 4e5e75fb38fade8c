import type { ApiError } from '../../../src/core/contracts/api.ts';

/** An HTTP failure with the server's error body (every 4xx/5xx carries one), kept for the UI to show. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | null,
    readonly payload: unknown,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'HttpError';
  }
}

export type QueryValue = string | number | boolean | null | undefined;

export function withQuery(path: string, query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function parse(response: Response): Promise<unknown> {
  const type = response.headers.get('content-type') ?? '';
  if (response.status === 204) return null;
  return type.includes('json') ? response.json() : response.text();
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { accept: 'application/json', ...(init.headers ?? {}) },
  });
  const payload = await parse(response);
  if (!response.ok) {
    const body =
      payload && typeof payload === 'object' && 'message' in payload ? (payload as ApiError) : null;
    throw new HttpError(response.status, body, payload);
  }
  return payload as T;
}

export const getJson = <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
  request<T>(withQuery(path, query), signal ? { signal } : {});

export const sendJson = <T>(method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
  request<T>(path, {
    method,
    ...(body === undefined
      ? {}
      : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
  });
