import { type ChatHosts, type ChatService, chatUrlProblem } from '../../core/notifications/chat-url.ts';

export const CHAT_TIMEOUT_MS = 10_000;

/**
 * POSTs a chat payload to an incoming webhook; resolves on a 2xx answer, rejects with the reason
 * (the HTTP status and the start of the answer, the network error, or the timeout) otherwise. The
 * URL is checked again here, not only when saved: a row edited in the database must not make UDN
 * post elsewhere, nor may a redirect.
 */
export async function postChat(
  service: ChatService,
  url: string,
  payload: unknown,
  options: { fetch?: typeof fetch; chatHosts?: ChatHosts; timeoutMs?: number } = {},
): Promise<void> {
  const problem = chatUrlProblem(service, url, options.chatHosts);
  if (problem) throw new Error(`the URL ${problem}`);
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? CHAT_TIMEOUT_MS;
  let response: Response;
  try {
    response = await doFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'UDN notifications' },
      body: JSON.stringify(payload),
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new Error(fetchFailure(error, timeoutMs));
  }
  if (response.ok) {
    await response.body?.cancel();
    return;
  }
  const text = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 200);
  throw new Error(`HTTP ${response.status}${text ? `: ${text}` : ''}`);
}

/** undici hides the useful part (ECONNREFUSED, the DNS failure) in `cause`. */
function fetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
    return `no answer within ${timeoutMs / 1000} s`;
  const cause = error instanceof Error ? error.cause : undefined;
  if (cause instanceof Error && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}
