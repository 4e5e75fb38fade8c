import type { ApiError } from '../../../src/core/contracts/api.ts';
import { type ErrorCode, type ErrorParams, errorCodeOf } from '../../../src/core/contracts/errors.ts';
import { errorMessage } from '../i18n/error-text.ts';
import { activeLocale } from '../i18n/translate.ts';

/**
 * An HTTP failure with the server's error body (every 4xx/5xx carries one), kept for the UI to show.
 * The body's domain error — `code`, `field`, `params` — is what the message is worded from, in the
 * language the app is shown in; the server's English is the fallback for what the catalogue lacks.
 */
export class HttpError extends Error {
  readonly code: ErrorCode | undefined;
  readonly field: string | undefined;
  readonly params: ErrorParams;

  constructor(
    readonly status: number,
    readonly body: ApiError | null,
    readonly payload: unknown,
  ) {
    super(body?.message ?? `HTTP ${status}`);
    this.name = 'HttpError';
    this.code = body ? errorCodeOf(body.error) : undefined;
    this.field = body?.field;
    this.params = body?.params ?? {};
    const serverMessage = this.message;
    // Worded when shown, so a page switched to another language after the failure reads it in that one.
    Object.defineProperty(this, 'message', {
      get: () => errorMessage(this, serverMessage, activeLocale()),
      configurable: true,
    });
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

/**
 * A TV kiosk (features/tv) acts as its share link alone: every request carries the secret and no
 * cookie (a signed-in person's session would otherwise be who the server sees).
 */
const shareLink: { headers: Record<string, string>; credentials?: RequestCredentials } = { headers: {} };
export function actAsShareLink(header: string, secret: string): void {
  shareLink.headers = { [header]: secret };
  shareLink.credentials = 'omit';
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, {
    ...(shareLink.credentials ? { credentials: shareLink.credentials } : {}),
    ...init,
    headers: { accept: 'application/json', ...shareLink.headers, ...(init.headers ?? {}) },
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
