import { describe, expect, it } from 'vitest';
import { gchatPayload, slackPayload, teamsPayload } from './chat-payload.ts';
import { chatServiceOf, chatUrlProblem, maskTarget } from './chat-url.ts';

describe('chat incoming-webhook URLs', () => {
  it('accepts each service’s own URLs', () => {
    expect(chatUrlProblem('slack', 'https://hooks.slack.com/services/T000/B000/XXXX')).toBeNull();
    expect(chatUrlProblem('slack', 'https://hooks.slack.com/workflows/T000/A000/123/abc')).toBeNull();
    expect(
      chatUrlProblem('teams', 'https://contoso.webhook.office.com/webhookb2/abc@def/IncomingWebhook/x/y'),
    ).toBeNull();
    // :443 is the https default, so the URL carries no port; any other port is refused (look-alikes hide there).
    expect(
      chatUrlProblem('teams', 'https://prod-12.westeurope.logic.azure.com:443/workflows/abc'),
    ).toBeNull();
    expect(chatUrlProblem('teams', 'https://x.webhook.office.com:8443/a')).not.toBeNull();
    expect(
      chatUrlProblem('teams', 'https://prod-12.westeurope.logic.azure.com/workflows/abc/triggers'),
    ).toBeNull();
    expect(
      chatUrlProblem('teams', 'https://default1.environment.api.powerplatform.com/powerautomate/x'),
    ).toBeNull();
    expect(
      chatUrlProblem('gchat', 'https://chat.googleapis.com/v1/spaces/AAAA/messages?key=k&token=t'),
    ).toBeNull();
  });

  it('refuses what is not one, saying what was expected', () => {
    expect(chatUrlProblem('slack', 'https://example.com/services/T000')).toMatch(
      /not a Slack incoming webhook URL/,
    );
    expect(chatUrlProblem('slack', 'http://hooks.slack.com/services/T000/B000/X')).toMatch(
      /hooks\.slack\.com\/services/,
    );
    expect(chatUrlProblem('slack', 'https://hooks.slack.com/api/other')).not.toBeNull();
    expect(chatUrlProblem('slack', 'https://hooks.slack.com.evil.test/services/T/B/X')).not.toBeNull();
    expect(chatUrlProblem('slack', 'not a url')).toMatch(/is not a URL/);
    expect(chatUrlProblem('teams', 'https://webhook.office.com/x')).not.toBeNull();
    expect(chatUrlProblem('teams', 'https://evil-webhook.office.com.test/x')).not.toBeNull();
    expect(chatUrlProblem('gchat', 'https://chat.googleapis.com/v2/other')).not.toBeNull();
  });

  it('extra hosts (a test’s local receiver) are accepted only for the service they are given for', () => {
    const hosts = { slack: ['127.0.0.1'] };
    expect(chatUrlProblem('slack', 'http://127.0.0.1:4000/hook', hosts)).toBeNull();
    expect(chatUrlProblem('teams', 'http://127.0.0.1:4000/hook', hosts)).not.toBeNull();
    expect(chatServiceOf('http://127.0.0.1:4000/hook', hosts)).toBe('slack');
    expect(chatServiceOf('https://chat.googleapis.com/v1/spaces/AAA/messages')).toBe('gchat');
    expect(chatServiceOf('https://example.com/')).toBeNull();
  });

  it('masks a URL to its host and first path part; an address stays as it is', () => {
    expect(maskTarget('https://hooks.slack.com/services/T000/B000/SECRET')).toBe(
      'https://hooks.slack.com/services/…',
    );
    expect(maskTarget('http://127.0.0.1:4000/hook/abc')).toBe('http://127.0.0.1:4000/hook/…');
    expect(maskTarget('dana@example.test')).toBe('dana@example.test');
  });
});

describe('chat payloads', () => {
  const message = {
    title: 'Churn above 3%',
    body: 'Churn is 4.2% <b>this</b> month',
    url: 'https://udn.test/kpis?k=churn',
  };

  it('Slack: text fallback and blocks, with &<> escaped and a link button', () => {
    const payload = slackPayload(message);
    expect(payload.text).toBe('Churn above 3%\nChurn is 4.2% <b>this</b> month');
    expect(payload.blocks).toEqual([
      { type: 'header', text: { type: 'plain_text', text: 'Churn above 3%', emoji: false } },
      { type: 'section', text: { type: 'mrkdwn', text: 'Churn is 4.2% &lt;b&gt;this&lt;/b&gt; month' } },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in UDN' }, url: message.url }],
      },
    ]);
  });

  it('Teams: an Adaptive Card in a message envelope', () => {
    const payload = teamsPayload(message) as {
      type: string;
      attachments: {
        contentType: string;
        content: { type: string; body: { text: string }[]; actions: { url: string }[] };
      }[];
    };
    expect(payload.type).toBe('message');
    const card = payload.attachments[0]!;
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content.type).toBe('AdaptiveCard');
    expect(card.content.body.map((b) => b.text)).toEqual([
      'Churn above 3%',
      'Churn is 4.2% <b>this</b> month',
    ]);
    expect(card.content.actions[0]!.url).toBe(message.url);
  });

  it('Google Chat: text with the title bold and the link last', () => {
    expect(gchatPayload(message)).toEqual({
      text: '*Churn above 3%*\nChurn is 4.2% <b>this</b> month\nhttps://udn.test/kpis?k=churn',
    });
    expect(gchatPayload({ ...message, url: null }).text).not.toContain('http');
  });
});
