import {
  Checkbox,
  Modal,
  MultiSelect,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  TagsInput,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { DIGEST_FREQUENCIES } from '../../../../src/core/contracts/digests.ts';
import { fieldErrorOf, messageFor } from '../../api/field-error.ts';
import { useDashboards } from '../../api/use-dashboards.ts';
import { type Digest, type DigestInput, useSaveDigest } from '../../api/use-digests.ts';
import { useMembers } from '../../api/use-members.ts';
import { useTeams } from '../../api/use-teams.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { weekdayName } from './digests-schedule.ts';

const MY_WEEK = 'my-week';
type Frequency = DigestInput['frequency'];

/**
 * Create or edit a digest: a dashboard or each recipient's "My week", how often and at what local
 * time, to which members, teams and addresses, with a PDF or not. The API checks the day against
 * the frequency and names the field it refuses.
 */
export function DigestDialog({ digest, onClose }: { digest: Digest | null; onClose: () => void }) {
  const { t, locale } = useI18n();
  const dashboards = useDashboards().data ?? [];
  const members = useMembers().data?.members ?? [];
  const teams = useTeams().data ?? [];
  const save = useSaveDigest();
  const [name, setName] = useState(digest?.name ?? '');
  const [content, setContent] = useState(digest?.dashboardId ? String(digest.dashboardId) : MY_WEEK);
  const [frequency, setFrequency] = useState<Frequency>(digest?.frequency ?? 'weekly');
  const [day, setDay] = useState<number | null>(digest?.day ?? 1);
  const [localTime, setLocalTime] = useState(digest?.localTime ?? '08:00');
  const [users, setUsers] = useState<string[]>(digest?.recipients.users ?? []);
  const [teamNames, setTeamNames] = useState<string[]>(digest?.recipients.teams ?? []);
  const [emails, setEmails] = useState<string[]>(digest?.recipients.emails ?? []);
  const [attachPdf, setAttachPdf] = useState(digest?.attachPdf ?? false);
  const [enabled, setEnabled] = useState(digest?.enabled ?? true);
  const refusal = fieldErrorOf(save.error);
  const fields = ['name', 'dashboardId', 'frequency', 'day', 'localTime', 'recipients'];
  const shown = fields.some((field) => messageFor(refusal, field));

  const changeFrequency = (next: Frequency) => {
    setFrequency(next);
    // A weekly day is 1–7, a monthly one 1–28, a daily digest has none.
    setDay(next === 'daily' ? null : next === 'weekly' ? Math.min(day ?? 1, 7) : (day ?? 1));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const body: DigestInput = {
      name: name.trim(),
      dashboardId: content === MY_WEEK ? null : Number(content),
      frequency,
      day: frequency === 'daily' ? null : day,
      localTime,
      recipients: { users, teams: teamNames, emails },
      attachPdf,
      enabled,
    };
    save.mutate({ id: digest?.id ?? null, body }, { onSuccess: onClose });
  };

  const days =
    frequency === 'weekly'
      ? [1, 2, 3, 4, 5, 6, 7].map((n) => ({ value: String(n), label: weekdayName(n, locale) }))
      : Array.from({ length: 28 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={<Text fw={650}>{digest ? t('digests.editTitle') : t('digests.createTitle')}</Text>}
      closeButtonProps={{ 'aria-label': t('common.cancel') }}
      data-testid="digest-dialog"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <TextInput
            label={t('digests.name')}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            error={messageFor(refusal, 'name')}
            maxLength={120}
            required
            data-autofocus
            data-testid="digest-name"
          />
          <Select
            label={t('digests.content')}
            data={[
              { value: MY_WEEK, label: t('digests.myWeek') },
              ...dashboards.map((dashboard) => ({ value: String(dashboard.id), label: dashboard.name })),
            ]}
            value={content}
            onChange={(value) => value && setContent(value)}
            allowDeselect={false}
            error={messageFor(refusal, 'dashboardId')}
            data-testid="digest-content"
          />
          <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="md">
            <Select
              label={t('digests.frequency')}
              data={DIGEST_FREQUENCIES.map((value) => ({ value, label: t(`digests.frequency.${value}`) }))}
              value={frequency}
              onChange={(value) => value && changeFrequency(value as Frequency)}
              allowDeselect={false}
              error={messageFor(refusal, 'frequency')}
              data-testid="digest-frequency"
            />
            {frequency !== 'daily' && (
              <Select
                label={frequency === 'weekly' ? t('digests.weekday') : t('digests.monthDay')}
                data={days}
                value={day === null ? null : String(day)}
                onChange={(value) => setDay(value ? Number(value) : null)}
                allowDeselect={false}
                error={messageFor(refusal, 'day')}
                data-testid="digest-day"
              />
            )}
            <TextInput
              type="time"
              label={t('digests.localTime')}
              value={localTime}
              onChange={(event) => setLocalTime(event.currentTarget.value)}
              error={messageFor(refusal, 'localTime')}
              required
              data-testid="digest-time"
            />
          </SimpleGrid>
          <MultiSelect
            label={t('digests.members')}
            data={members.map((member) => ({
              value: member.userId,
              label: `${member.name} · ${member.email}`,
            }))}
            value={users}
            onChange={setUsers}
            searchable
            clearable
            error={messageFor(refusal, 'recipients.users')}
            data-testid="digest-users"
          />
          <MultiSelect
            label={t('digests.teams')}
            data={teams.map((team) => team.name)}
            value={teamNames}
            onChange={setTeamNames}
            searchable
            clearable
            error={messageFor(refusal, 'recipients.teams')}
            data-testid="digest-teams"
          />
          <TagsInput
            label={t('digests.emails')}
            description={t('digests.emailsHint')}
            value={emails}
            onChange={setEmails}
            splitChars={[',', ' ', ';']}
            clearable
            error={messageFor(refusal, 'recipients.emails')}
            data-testid="digest-emails"
          />
          <Checkbox
            label={t('digests.attachPdf')}
            checked={attachPdf}
            onChange={(event) => setAttachPdf(event.currentTarget.checked)}
            data-testid="digest-pdf"
          />
          {digest && (
            <Switch
              label={t('digests.enabled')}
              checked={enabled}
              onChange={(event) => setEnabled(event.currentTarget.checked)}
            />
          )}
          <FormError>{save.error && !shown ? save.error.message : null}</FormError>
          <FormFooter
            label={t('digests.save')}
            onCancel={onClose}
            busy={save.isPending}
            testId="digest-save"
          />
        </Stack>
      </form>
    </Modal>
  );
}
