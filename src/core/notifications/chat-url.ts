/*
 * Incoming-webhook URLs of the chat services. A person's URL is checked against the service's own
 * hosts, so a settings page cannot be used to make UDN POST to an arbitrary (internal) address, and
 * a Teams URL pasted into the Slack field is caught at once rather than failing at the first alert.
 */

export type ChatService = 'slack' | 'teams' | 'gchat';
export const CHAT_SERVICES: readonly ChatService[] = ['slack', 'teams', 'gchat'];

/** Hosts a test allows besides the services' own (a local receiver), per service. */
export type ChatHosts = Partial<Record<ChatService, readonly string[]>>;

const SERVICE_NAMES: Record<ChatService, string> = {
  slack: 'Slack',
  teams: 'Microsoft Teams',
  gchat: 'Google Chat',
};

const EXPECTED: Record<ChatService, string> = {
  slack: 'https://hooks.slack.com/services/… or https://hooks.slack.com/workflows/…',
  teams: 'https://….webhook.office.com/…, https://….logic.azure.com/… or https://….powerplatform.com/…',
  gchat: 'https://chat.googleapis.com/v1/spaces/…',
};

const subdomainOf = (host: string, parent: string): boolean =>
  host.endsWith(`.${parent}`) && host.length > parent.length + 1;

const OFFICIAL: Record<ChatService, (url: URL) => boolean> = {
  slack: (url) => url.hostname === 'hooks.slack.com' && /^\/(services|workflows)\/[^/]+/.test(url.pathname),
  teams: (url) =>
    (subdomainOf(url.hostname, 'webhook.office.com') ||
      subdomainOf(url.hostname, 'logic.azure.com') ||
      subdomainOf(url.hostname, 'powerplatform.com')) &&
    url.pathname.length > 1,
  gchat: (url) => url.hostname === 'chat.googleapis.com' && /^\/v1\/spaces\/[^/]+/.test(url.pathname),
};

/**
 * Why `text` is not an incoming-webhook URL of `service`, or null when it is one. `extraHosts`
 * (tests: 127.0.0.1) are accepted over http or https with any path.
 */
export function chatUrlProblem(
  service: ChatService,
  text: string,
  extraHosts: ChatHosts = {},
): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `is not a URL; a ${SERVICE_NAMES[service]} incoming webhook looks like ${EXPECTED[service]}`;
  }
  if ((extraHosts[service] ?? []).includes(url.hostname) && /^https?:$/.test(url.protocol)) return null;
  if (url.protocol !== 'https:' || url.username || url.password || url.port || !OFFICIAL[service](url))
    return `is not a ${SERVICE_NAMES[service]} incoming webhook URL: expected ${EXPECTED[service]}`;
  return null;
}

/** Which chat service a URL belongs to (the CLI's `udn notify test URL`), or null. */
export function chatServiceOf(text: string, extraHosts: ChatHosts = {}): ChatService | null {
  return CHAT_SERVICES.find((service) => chatUrlProblem(service, text, extraHosts) === null) ?? null;
}

/**
 * What the delivery log shows of a target: an address as it is; of a URL only the host and the
 * first path part, since the rest of an incoming-webhook URL is its secret.
 */
export function maskTarget(target: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) return target;
  try {
    const url = new URL(target);
    const first = url.pathname.split('/').filter((part) => part !== '')[0];
    return `${url.protocol}//${url.host}/${first ? `${first}/…` : ''}`;
  } catch {
    return '(not a URL)';
  }
}
