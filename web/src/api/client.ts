import type { ApiError } from '../../../src/core/contracts/api.ts';
import { type ErrorCode, type ErrorParams, errorCodeOf } from '../../../src/core/contracts/errors.ts';
import { errorMessage } from '../i18n/error-text.ts';
import { activeLocale } from '../i18n/translate.ts';
import { noteSignedIn } from './signed-in-hint.ts';

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
 * Pages that a person who is not signed in may open: a 401 there is no reason to leave. index.html's
 * inline script keeps the same list (it preloads nothing on these pages).
 */
export const PUBLIC_PATHS = ['/signin', '/setup', '/invite/', '/forgot-password', '/reset-password', '/tv/'];

export const isPublicPath = (pathname: string): boolean =>
  PUBLIC_PATHS.some((prefix) => pathname === prefix || pathname.startsWith(prefix));

/** Where a 401 sends the reader: the sign-in page, which returns to the page they were on. */
export function signInPath(next = window.location.pathname + window.location.search): string {
  return next === '/' || next === '' ? '/signin' : `/signin?next=${encodeURIComponent(next)}`;
}

function toSignIn(): void {
  if (isPublicPath(window.location.pathname)) return;
  // A full load, not an in-app navigation: every cached answer belonged to the ended session.
  window.location.assign(signInPath());
}

/** The last refusal (403) the server explained, for the app shell to show whatever page asked. */
type ForbiddenListener = (message: string) => void;
const forbiddenListeners = new Set<ForbiddenListener>();
export function onForbidden(listener: ForbiddenListener): () => void {
  forbiddenListeners.add(listener);
  return () => forbiddenListeners.delete(listener);
}

/**
 * The CSRF token the server wants on every cookie-authenticated write: asked for once, kept for the
 * page's life, asked for again when the server says it no longer matches (a new session).
 */
let csrfToken: Promise<string> | null = null;
function csrf(): Promise<string> {
  csrfToken ??= fetch('/api/v1/csrf', { headers: { accept: 'application/json' } })
    .then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return ((await response.json()) as { token: string }).token;
    })
    .catch((error: unknown) => {
      csrfToken = null;
      throw error;
    });
  return csrfToken;
}
export function forgetCsrfToken(): void {
  csrfToken = null;
}

const isWrite = (method: string | undefined) => !['GET', 'HEAD', undefined].includes(method?.toUpperCase());

const isCsrfRefusal = (status: number, payload: unknown): boolean =>
  status === 403 && /csrf/i.test(JSON.stringify(payload ?? ''));

/**
 * A TV kiosk (features/tv) acts as its share link alone: every request carries the secret and no
 * cookie (a signed-in person's session would otherwise be who the server sees).
 */
const shareLink: { headers: Record<string, string>; credentials?: RequestCredentials } = { headers: {} };
export function actAsShareLink(header: string, secret: string): void {
  shareLink.headers = { [header]: secret };
  shareLink.credentials = 'omit';
}

async function send(path: string, init: RequestInit): Promise<Response> {
  const headers = new Headers({ accept: 'application/json', ...shareLink.headers });
  for (const [name, value] of new Headers(init.headers ?? {})) headers.set(name, value);
  if (isWrite(init.method) && path.startsWith('/api/v1/') && !shareLink.credentials) {
    headers.set('x-csrf-token', await csrf());
  }
  return fetch(path, {
    ...(shareLink.credentials ? { credentials: shareLink.credentials } : {}),
    ...init,
    headers,
  });
}

export async function request<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response = await send(path, init);
  let payload = await parse(response);
  if (isCsrfRefusal(response.status, payload) && isWrite(init.method)) {
    forgetCsrfToken();
    response = await send(path, init);
    payload = await parse(response);
  }
  if (!response.ok) {
    const body =
      payload && typeof payload === 'object' && 'message' in payload ? (payload as ApiError) : null;
    const error = new HttpError(response.status, body, payload);
    if (response.status === 401 && path.startsWith('/api/v1/')) {
      noteSignedIn(false);
      toSignIn();
    }
    if (response.status === 403 && isWrite(init.method)) {
      for (const listener of forbiddenListeners) listener(error.message);
    }
    throw error;
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
