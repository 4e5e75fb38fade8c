import { Anchor, Box, Button, Group, Menu, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { IconBellPlus, IconPencil, IconPlus, IconRefresh, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { sendJson } from '../../api/client.ts';
import {
  type AlertEventItem,
  type AlertRuleItem,
  useAlertEvents,
  useAlertRules,
  useDeleteAlertRule,
  useToggleAlertRule,
} from '../../api/use-alerts.ts';
import { useReps } from '../../api/use-reps.ts';
import { onLinkClick } from '../../app/router.ts';
import { useCan } from '../../app/use-can.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { scopeLabel } from '../../i18n/scope-label.ts';
import { ConfirmMutation } from '../../ui/confirm-dialog.tsx';
import { ListTable } from '../../ui/list-table.tsx';
import { PageSkeleton } from '../../ui/page-skeleton.tsx';
import { RowMenu } from '../../ui/row-menu.tsx';
import { SettingsSection } from '../../ui/settings-section.tsx';
import { useFormat } from '../../ui/use-format.ts';
import classes from '../admin/admin-page.module.css';
import { AlertRuleDialog } from './alert-rule-dialog.tsx';
import { ClipBox } from './clip-box.tsx';
import { useConditionWords } from './use-condition-words.ts';

/** A link inside the app (a drill-down, a task): an in-app navigation, a new tab on a modifier-click. */
function AppLink({ to, children, testId }: { to: string; children: string; testId?: string }) {
  return (
    <Anchor href={to} fz="sm" onClick={(event) => onLinkClick(event, to)} data-testid={testId}>
      {children}
    </Anchor>
  );
}

function RuleRow({
  rule,
  onEdit,
  onDelete,
}: {
  rule: AlertRuleItem;
  onEdit: (rule: AlertRuleItem) => void;
  onDelete: (rule: AlertRuleItem) => void;
}) {
  const { t, plural } = useI18n();
  const can = useCan();
  const format = useFormat();
  const reps = useReps().data ?? [];
  const words = useConditionWords(true);
  const toggle = useToggleAlertRule();
  const condition = words?.text(rule.condition) ?? '';
  return (
    <Table.Tr data-testid="alert-rule-row">
      <Table.Td>
        <Text fz="sm" fw={600}>
          {rule.name}
        </Text>
        {condition !== rule.name && (
          <Text fz="xs" c="dimmed" data-testid="alert-rule-condition">
            {condition}
          </Text>
        )}
        {rule.createTask && (
          <Text fz="xs" c="dimmed">
            {t('alerts.field.createTask')}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Text fz="sm">{scopeLabel(rule.scope, reps, t)}</Text>
      </Table.Td>
      <Table.Td data-testid="alert-rule-crossed">
        <Text fz="sm" fw={rule.crossed.length ? 600 : 400} c={rule.crossed.length ? undefined : 'dimmed'}>
          {rule.crossed.length ? plural('alerts.crossedYes', rule.crossed.length) : t('alerts.crossedNo')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text fz="sm" c={rule.lastFiredAt ? undefined : 'dimmed'}>
          {rule.lastFiredAt ? format.instant(rule.lastFiredAt, true) : t('alerts.never')}
        </Text>
      </Table.Td>
      <Table.Td>
        <Switch
          checked={rule.enabled}
          disabled={!can.edit || toggle.isPending}
          onChange={(event) => toggle.mutate({ id: rule.id, enabled: event.currentTarget.checked })}
          aria-label={t('alerts.toggle', { name: rule.name })}
          data-testid="alert-rule-enabled"
        />
      </Table.Td>
      <Table.Td>
        {can.edit && (
          <RowMenu label={t('alerts.actions', { name: rule.name })} testId="alert-rule-menu">
            <Menu.Item leftSection={<IconPencil size={16} />} onClick={() => onEdit(rule)}>
              {t('alerts.edit')}
            </Menu.Item>
            <Menu.Item
              color="red"
              leftSection={<IconTrash size={16} />}
              onClick={() => onDelete(rule)}
              data-testid="alert-rule-delete"
            >
              {t('alerts.delete')}
            </Menu.Item>
          </RowMenu>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

function EventLog({ events }: { events: AlertEventItem[] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <SettingsSection title={t('alerts.log')} text={t('alerts.logText')}>
      {events.length === 0 ? (
        <Text fz="sm" c="dimmed" data-testid="alert-log-empty">
          {t('alerts.logEmpty')}
        </Text>
      ) : (
        <ClipBox>
          <ListTable
            columns={[t('alerts.col.when'), t('alerts.col.name'), t('alerts.col.what')]}
            testId="alert-log"
          >
            {events.map((event) => (
              <Table.Tr key={event.id} data-testid="alert-log-row">
                <Table.Td>
                  <Text fz="sm" style={{ whiteSpace: 'nowrap' }}>
                    {format.instant(event.firedAt, true)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm" fw={600}>
                    {event.ruleName}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text fz="sm">{event.title}</Text>
                  {event.message && (
                    <Text fz="xs" c="dimmed">
                      {event.message}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Group gap="sm" wrap="nowrap">
                    <AppLink to={event.link} testId="alert-log-open">
                      {t('alerts.open')}
                    </AppLink>
                    {event.taskId !== null && (
                      <AppLink to={`/tasks?id=${event.taskId}`}>{t('alerts.task')}</AppLink>
                    )}
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </ListTable>
        </ClipBox>
      )}
    </SettingsSection>
  );
}

/** POST /alerts/check: evaluates every rule now; the answer says how many fired. */
function useCheckNow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson<{ fired: unknown[] }>('POST', '/api/v1/alerts/check'),
    onSettled: () => {
      void client.invalidateQueries({ queryKey: ['alerts'] });
      void client.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
}

/**
 * The alert rules the reader may see — what each watches in words, whether it is crossed now, when
 * it last fired — and the log of what fired, each with the drill-down behind it.
 */
export default function AlertsPage() {
  const { t, plural } = useI18n();
  const can = useCan();
  const rules = useAlertRules();
  const events = useAlertEvents();
  const remove = useDeleteAlertRule();
  const check = useCheckNow();
  const [editing, setEditing] = useState<AlertRuleItem | 'new' | null>(null);
  const [deleting, setDeleting] = useState<AlertRuleItem | null>(null);

  if (rules.isPending) return <PageSkeleton />;
  const list = rules.data?.rules ?? [];
  const fired = check.data ? (Array.isArray(check.data.fired) ? check.data.fired.length : 0) : null;

  return (
    <Box className={classes.page}>
      <Stack gap="lg">
        <Group justify="space-between" align="flex-end" gap="sm">
          <div>
            <Title order={1}>{t('alerts.title')}</Title>
            <Text c="dimmed" fz="sm" mt={2}>
              {t('alerts.subtitle')}
            </Text>
          </div>
          {can.edit && (
            <Group gap="xs">
              {can.admin && list.length > 0 && (
                <Button
                  variant="default"
                  leftSection={<IconRefresh size={16} />}
                  loading={check.isPending}
                  onClick={() => check.mutate()}
                  data-testid="alerts-check"
                >
                  {t('alerts.checkNow')}
                </Button>
              )}
              <Button
                leftSection={<IconPlus size={16} />}
                onClick={() => setEditing('new')}
                data-testid="alert-new"
              >
                {t('alerts.new')}
              </Button>
            </Group>
          )}
        </Group>
        {fired !== null && (
          <Text fz="sm" role="status" data-testid="alerts-checked">
            {plural('alerts.checked', fired)}
          </Text>
        )}
        {check.error && (
          <Text fz="sm" c="red" role="alert">
            {check.error.message}
          </Text>
        )}
        {rules.error ? (
          <Text c="red" fz="sm" role="alert">
            {rules.error.message}
          </Text>
        ) : list.length === 0 ? (
          <Stack align="center" gap="sm" py="xl" className={classes.section} data-testid="alerts-empty">
            <IconBellPlus size={40} stroke={1.5} aria-hidden />
            <Title order={2} fz="h4">
              {t('alerts.empty.title')}
            </Title>
            <Text fz="sm" c="dimmed" maw={520} ta="center" px="md">
              {t('alerts.empty.text')}
            </Text>
            {can.edit && (
              <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')}>
                {t('alerts.new')}
              </Button>
            )}
          </Stack>
        ) : (
          <SettingsSection title={t('alerts.rules')} text={t('alerts.rulesText')}>
            <ClipBox>
              <ListTable
                columns={[
                  t('alerts.col.name'),
                  t('alerts.col.scope'),
                  t('alerts.col.crossed'),
                  t('alerts.col.lastFired'),
                  t('alerts.col.enabled'),
                ]}
                testId="alert-rules"
              >
                {list.map((rule) => (
                  <RuleRow key={rule.id} rule={rule} onEdit={setEditing} onDelete={setDeleting} />
                ))}
              </ListTable>
            </ClipBox>
          </SettingsSection>
        )}
        <EventLog events={events.data?.events ?? []} />
      </Stack>
      <AlertRuleDialog
        opened={editing !== null}
        onClose={() => setEditing(null)}
        {...(editing !== null && editing !== 'new' ? { rule: editing } : {})}
      />
      {deleting && (
        <ConfirmMutation
          value={deleting.id}
          mutation={remove}
          title={t('alerts.deleteTitle')}
          confirmLabel={t('alerts.delete')}
          onClose={() => setDeleting(null)}
        >
          {t('alerts.deleteText', { name: deleting.name })}
        </ConfirmMutation>
      )}
    </Box>
  );
}
