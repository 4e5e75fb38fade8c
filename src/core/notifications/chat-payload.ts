import type { ChatService } from './chat-url.ts';

/** What a notification says, whatever the channel. `url` is the absolute drill-down link, if any. */
export interface ChatMessage {
  title: string;
  body: string;
  url: string | null;
}

/**
 * Slack incoming webhook: `text` is the fallback shown in notifications, `blocks` the message
 * (mrkdwn; &, < and > escaped as Slack asks, or they would start links and mentions).
 */
export function slackPayload(message: ChatMessage): { text: string; blocks: unknown[] } {
  const escapeSlack = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: message.title.slice(0, 150), emoji: false } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeSlack(message.body).slice(0, 3000) || ' ' } },
  ];
  if (message.url)
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in UDN' }, url: message.url }],
    });
  return { text: `${message.title}\n${message.body}`, blocks };
}

/**
 * Microsoft Teams: an Adaptive Card in a `message` envelope, the format both the Workflows
 * (Power Automate) webhooks and the older Office 365 connectors accept.
 */
export function teamsPayload(message: ChatMessage): unknown {
  const body: unknown[] = [
    { type: 'TextBlock', text: message.title, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'TextBlock', text: message.body, wrap: true },
  ];
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          ...(message.url
            ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in UDN', url: message.url }] }
            : {}),
        },
      },
    ],
  };
}

/** Google Chat: `text` (its own light markup: *bold*), the link on a line of its own. */
export function gchatPayload(message: ChatMessage): { text: string } {
  return { text: [`*${message.title}*`, message.body, ...(message.url ? [message.url] : [])].join('\n') };
}

export function chatPayload(service: ChatService, message: ChatMessage): unknown {
  return service === 'slack'
    ? slackPayload(message)
    : service === 'teams'
      ? teamsPayload(message)
      : gchatPayload(message);
}
