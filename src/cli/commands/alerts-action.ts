import { describeCondition } from '../../core/alerts/alert-describe.ts';
import type { Store } from '../../db/database.ts';
import { AlertEngine } from '../../services/alerts/alert-engine.ts';
import { listAlertRules } from '../../services/alerts/alert-rules-service.ts';
import { MailerSource } from '../../services/notifications/mailer-source.ts';
import { Notifier } from '../../services/notifications/notifier.ts';
import { WebhookDispatcher } from '../../services/webhooks/webhook-dispatcher.ts';
import { withExistingStore } from '../cli-store.ts';
import { stderr, stdout, writeJson } from '../output.ts';
import { requireOrg } from '../require-org.ts';
import { textTable } from '../text-table.ts';

export interface AlertsListOptions {
  db?: string;
  org?: string;
  json?: boolean;
}

export interface AlertsCheckOptions extends AlertsListOptions {
  dryRun?: boolean;
}

export async function listAlertsCommand(options: AlertsListOptions): Promise<void> {
  await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const rules = await listAlertRules(store, org);
    if (options.json) {
      writeJson({ rules });
      return;
    }
    if (rules.length === 0) {
      stdout.write('no alert rules (make one on a KPI card, the goals page or POST /api/v1/alerts)\n');
      return;
    }
    stdout.write(
      `${textTable(
        [
          ['id', 'name', 'watches', 'scope', 'on', 'crossed now', 'last fired'],
          ...rules.map((rule) => [
            String(rule.id),
            rule.name,
            describeCondition(rule.condition),
            rule.scope,
            rule.enabled ? 'yes' : 'no',
            rule.crossed.length === 0 ? '—' : rule.crossed.join(', '),
            rule.lastFiredAt ?? '—',
          ]),
        ],
        4,
      )}\n`,
    );
  });
}

/**
 * The notifier and webhooks of this process: in-app notifications are stored, e-mail goes out when
 * an SMTP server is configured (UDN_SMTP_URL or the settings page), webhooks are queued and tried
 * once here; what is not sent now a running `udn serve` retries.
 */
function channelsOf(store: Store) {
  const mailers = new MailerSource(store);
  const onError = (error: unknown, message: string) =>
    stderr.write(`udn: ${message}: ${error instanceof Error ? error.message : String(error)}\n`);
  const notifier = new Notifier({
    store,
    mailer: () => mailers.current(),
    publish: () => undefined,
    onError,
  });
  const webhooks = new WebhookDispatcher({ store, onError });
  return { notifier, webhooks, onError, close: () => mailers.close() };
}

export async function checkAlertsCommand(options: AlertsCheckOptions): Promise<void> {
  await withExistingStore(options.db, async (store) => {
    const org = await requireOrg(store, options.org);
    const channels = channelsOf(store);
    const engine = new AlertEngine({
      store,
      notify: (input) => channels.notifier.notify(input),
      emit: (event) => channels.webhooks.emit(event),
      onError: channels.onError,
    });
    try {
      const fired = await engine.evaluateOrg(org.id, { trigger: 'manual', dryRun: options.dryRun === true });
      if (options.json) {
        writeJson({ dryRun: options.dryRun === true, fired });
        return;
      }
      const verb = options.dryRun ? 'would fire' : 'fired';
      if (fired.length === 0) {
        stdout.write(`nothing ${verb}: no rule crossed since it last fired\n`);
        return;
      }
      stdout.write(`${fired.length} alert${fired.length === 1 ? '' : 's'} ${verb}\n`);
      for (const alert of fired) {
        stdout.write(
          `\n${alert.title}\n  ${alert.message}\n  rule ${alert.ruleId} "${alert.ruleName}", ${alert.subject}; ${alert.link}\n`,
        );
        if (alert.taskId !== null) stdout.write(`  task ${alert.taskId} created\n`);
        if (!options.dryRun)
          stdout.write(
            `  told ${alert.recipients.length} member${alert.recipients.length === 1 ? '' : 's'}\n`,
          );
      }
    } finally {
      await engine.stop();
      await channels.webhooks.stop();
      channels.close();
    }
  });
}
