import {
  Button,
  Divider,
  Group,
  Modal,
  NumberInput,
  ScrollArea,
  SegmentedControl,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  TextInput,
  Timeline,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { fieldErrorOf, messageFor } from '../../api/field-error.ts';
import type { Goal, GoalTarget } from '../../api/types.ts';
import { useRecordTargetValue, useTargetUpdates } from '../../api/use-goal-targets.ts';
import { useOrg } from '../../api/use-org.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { useFormat } from '../../ui/use-format.ts';
import { useGoalText } from './goal-text.ts';
import { rememberedName, rememberName } from './remembered-name.ts';

/**
 * Records a new value of a number or currency target (or done / not done), with who and why, and
 * shows the history of values. The value is the API's from then on: progress and pace follow.
 */
export function TargetValueDialog({
  goal,
  target,
  done,
  onClose,
}: {
  goal: Goal;
  target: GoalTarget;
  done?: boolean | undefined;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const format = useFormat();
  const org = useOrg().data;
  const text = useGoalText();
  const record = useRecordTargetValue();
  const history = useTargetUpdates(goal.id, target.id);
  const boolean = target.kind === 'boolean';
  const [value, setValue] = useState<number | ''>(target.current_value ?? '');
  const [isDone, setIsDone] = useState(done ?? target.done === true);
  const [note, setNote] = useState('');
  const [who, setWho] = useState(rememberedName);
  const [touched, setTouched] = useState(false);
  const apiError = fieldErrorOf(record.error);
  const money = target.unit === 'money';

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!who.trim() || (!boolean && value === '')) return;
    rememberName(who);
    record.mutate(
      {
        goalId: goal.id,
        targetId: target.id,
        body: {
          value: boolean ? (isDone ? 1 : 0) : Number(value),
          note: note.trim() || null,
          updated_by: who.trim(),
        },
      },
      { onSuccess: onClose },
    );
  };

  const separators =
    locale === 'id'
      ? { thousandSeparator: '.', decimalSeparator: ',' }
      : { thousandSeparator: ',', decimalSeparator: '.' };
  const shown = (entry: number) =>
    boolean ? (entry >= 1 ? t('target.done') : t('target.notDone')) : text.amount(entry, target, false);

  return (
    <Modal
      opened
      onClose={onClose}
      size="md"
      title={
        <div>
          <Text fw={650}>{t('target.recordTitle')}</Text>
          <Text fz="xs" c="dimmed">
            {target.name}
          </Text>
        </div>
      }
      data-testid="value-dialog"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          {boolean ? (
            <SegmentedControl
              fullWidth
              value={isDone ? 'done' : 'open'}
              onChange={(next) => setIsDone(next === 'done')}
              data={[
                { value: 'open', label: t('target.notDone') },
                { value: 'done', label: t('target.done') },
              ]}
              data-testid="value-done"
            />
          ) : (
            <NumberInput
              {...separators}
              label={t('target.newValue')}
              description={t('target.nowAt', { value: text.current(target, false) })}
              value={value}
              onChange={(next) => setValue(typeof next === 'number' ? next : '')}
              hideControls
              decimalScale={money ? (org?.currencyDigits ?? 2) : 4}
              leftSection={
                money ? (
                  <Text fz="xs" c="dimmed">
                    {org?.currency}
                  </Text>
                ) : undefined
              }
              leftSectionWidth={money ? 44 : undefined}
              required
              data-autofocus
              error={
                (touched && value === '' ? t('form.required') : undefined) ?? messageFor(apiError, 'value')
              }
              data-testid="value-input"
            />
          )}
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="md">
            <TextInput
              label={t('target.who')}
              description={t('target.whoHint')}
              value={who}
              onChange={(event) => setWho(event.currentTarget.value)}
              maxLength={200}
              required
              error={
                (touched && !who.trim() ? t('form.required') : undefined) ??
                messageFor(apiError, 'updated_by')
              }
              data-testid="value-who"
            />
            <Textarea
              label={t('target.note')}
              placeholder={t('target.notePlaceholder')}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              autosize
              minRows={1}
              maxRows={4}
              maxLength={2000}
              error={messageFor(apiError, 'note')}
              data-testid="value-note"
            />
          </SimpleGrid>
          {record.error && !apiError && (
            <Text c="red" fz="sm">
              {record.error.message}
            </Text>
          )}
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={record.isPending} data-testid="value-save">
              {t('target.recordSave')}
            </Button>
          </Group>
        </Stack>
      </form>

      <Divider my="md" label={t('target.history')} labelPosition="left" />
      {history.isPending ? (
        <Stack gap="xs">
          <Skeleton h={36} />
          <Skeleton h={36} />
        </Stack>
      ) : !history.data?.length ? (
        <Text fz="sm" c="dimmed">
          {t('target.noHistory')}
        </Text>
      ) : (
        <ScrollArea.Autosize mah={240} type="auto" offsetScrollbars>
          <Timeline bulletSize={12} lineWidth={2} active={0} data-testid="value-history">
            {history.data.map((entry) => (
              <Timeline.Item
                key={entry.id}
                title={
                  <Group gap={6} wrap="nowrap">
                    <Text fz="sm" fw={650} className="udn-num">
                      {shown(entry.value)}
                    </Text>
                    <Text fz="xs" c="dimmed" truncate="end">
                      {t('target.byWhoWhen', { who: entry.updated_by, when: format.instant(entry.at, true) })}
                    </Text>
                  </Group>
                }
              >
                {entry.note && (
                  <Text fz="xs" c="dimmed">
                    {entry.note}
                  </Text>
                )}
              </Timeline.Item>
            ))}
          </Timeline>
        </ScrollArea.Autosize>
      )}
    </Modal>
  );
}
