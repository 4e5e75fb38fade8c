import {
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconLink, IconMail } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import type { Invitation, Role } from '../../api/access-types.ts';
import { fieldErrorOf, messageFor } from '../../api/field-error.ts';
import { useMe } from '../../api/use-me.ts';
import { useCreateInvitation, useInvitations, useRevokeInvitation } from '../../api/use-members.ts';
import { useReps } from '../../api/use-reps.ts';
import { useTeams } from '../../api/use-teams.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ConfirmMutation } from '../../ui/confirm-dialog.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { ListTable } from '../../ui/list-table.tsx';
import { RevokeButton } from '../../ui/revoke-button.tsx';
import { SecretOnce } from '../../ui/secret-once.tsx';
import { SettingsSection } from '../../ui/settings-section.tsx';
import { useFormat } from '../../ui/use-format.ts';
import { roleOptions } from './role-options.ts';

/** An invitation's address as a full link (the API may answer a path). */
const absolute = (url: string) => new URL(url, window.location.origin).toString();

function InviteDialog({ byEmail, onClose }: { byEmail: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const me = useMe().data;
  const reps = useReps().data ?? [];
  const teams = useTeams().data ?? [];
  const create = useCreateInvitation();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('rep');
  const [repId, setRepId] = useState<string | null>(null);
  const [chosenTeams, setTeams] = useState<string[]>([]);
  const [days, setDays] = useState<number | string>(7);
  const fieldError = fieldErrorOf(create.error);
  const formError = create.error && !fieldError ? create.error.message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({
      ...(byEmail ? { email: email.trim() } : {}),
      role,
      ...(repId ? { repId } : {}),
      ...(chosenTeams.length ? { teams: chosenTeams } : {}),
      ...(typeof days === 'number' ? { expiresInDays: days } : {}),
    });
  };

  const done = create.data;
  return (
    <Modal
      opened
      onClose={onClose}
      title={
        <Text fw={650}>{byEmail ? t('access.invitations.byEmail') : t('access.invitations.byLink')}</Text>
      }
    >
      {done ? (
        <SecretOnce
          title={t('access.invitations.createdTitle')}
          secret={absolute(done.url)}
          testIds={{ secret: 'invitation-url', copy: 'invitation-copy', done: 'invitation-done' }}
          onDone={onClose}
        >
          {done.emailed
            ? t('access.invitations.emailed', { email: done.invitation.email ?? '' })
            : t('access.invitations.shareLink')}
        </SecretOnce>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm">
            {byEmail && (
              <TextInput
                label={t('access.field.email')}
                type="email"
                required
                data-autofocus
                value={email}
                onChange={(event) => setEmail(event.currentTarget.value)}
                error={messageFor(fieldError, 'email')}
                data-testid="invite-email-input"
              />
            )}
            <Select
              label={t('access.members.role')}
              data={roleOptions(me?.role, t)}
              value={role}
              onChange={(value) => value && setRole(value as Role)}
              allowDeselect={false}
              error={messageFor(fieldError, 'role')}
              data-testid="invite-role"
            />
            {role === 'rep' && (
              <Select
                label={t('access.members.rep')}
                description={t('access.invitations.repHint')}
                data={reps.map((rep) => ({ value: rep.id, label: `${rep.name} (${rep.id})` }))}
                value={repId}
                onChange={setRepId}
                searchable
                clearable
                nothingFoundMessage={t('common.nothingFound')}
                error={messageFor(fieldError, 'repId')}
                data-testid="invite-rep"
              />
            )}
            {role === 'manager' && (
              <MultiSelect
                label={t('access.members.teams')}
                data={teams.map((team) => team.name)}
                value={chosenTeams}
                onChange={setTeams}
                searchable
                nothingFoundMessage={t('common.nothingFound')}
                error={messageFor(fieldError, 'teams')}
                data-testid="invite-teams"
              />
            )}
            <NumberInput
              label={t('access.invitations.expiresIn')}
              min={1}
              max={90}
              value={days}
              onChange={setDays}
              error={messageFor(fieldError, 'expiresInDays')}
              data-testid="invite-days"
            />
            <FormError>{formError}</FormError>
            <FormFooter
              label={byEmail ? t('access.invitations.send') : t('access.invitations.createLink')}
              onCancel={onClose}
              busy={create.isPending}
              disabled={byEmail && !email.trim()}
              testId="invite-submit"
            />
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function statusOf(invitation: Invitation, now: number): 'accepted' | 'revoked' | 'expired' | 'pending' {
  if (invitation.acceptedAt) return 'accepted';
  if (invitation.revokedAt) return 'revoked';
  if (Date.parse(invitation.expiresAt) <= now) return 'expired';
  return 'pending';
}

const STATUS_COLOURS = { accepted: 'green', revoked: 'gray', expired: 'gray', pending: 'brand' } as const;

/** Invite by email or by a link to hand over; the invitations so far, pending ones revocable. */
export function InvitationsSection() {
  const { t } = useI18n();
  const { instant } = useFormat();
  const invitations = useInvitations();
  const revoke = useRevokeInvitation();
  const reps = useReps().data ?? [];
  const [dialog, setDialog] = useState<'email' | 'link' | null>(null);
  const [revoking, setRevoking] = useState<Invitation | null>(null);
  const now = Date.now();
  const list = invitations.data?.invitations ?? [];
  const repName = (id: string | null) => (id ? (reps.find((rep) => rep.id === id)?.name ?? id) : null);

  return (
    <SettingsSection
      title={t('access.invitations.title')}
      text={t('access.invitations.text')}
      actions={
        <Group gap="xs">
          <Button
            leftSection={<IconMail size={16} />}
            onClick={() => setDialog('email')}
            data-testid="invite-by-email"
          >
            {t('access.invitations.byEmail')}
          </Button>
          <Button
            variant="default"
            leftSection={<IconLink size={16} />}
            onClick={() => setDialog('link')}
            data-testid="invite-by-link"
          >
            {t('access.invitations.byLink')}
          </Button>
        </Group>
      }
    >
      <FormError>{invitations.error?.message}</FormError>
      {list.length === 0 && invitations.isSuccess ? (
        <Text fz="sm" c="dimmed" data-testid="invitations-empty">
          {t('access.invitations.empty')}
        </Text>
      ) : (
        <ListTable
          columns={[
            t('access.invitations.who'),
            t('access.members.role'),
            t('access.invitations.status'),
            t('access.invitations.expires'),
          ]}
          testId="invitation-list"
        >
          {list.map((invitation) => {
            const status = statusOf(invitation, now);
            const rep = repName(invitation.repId);
            return (
              <Table.Tr key={invitation.id} data-testid={`invitation-${invitation.id}`}>
                <Table.Td>
                  <Text fz="sm" fw={600}>
                    {invitation.email ?? t('access.invitations.anyone')}
                  </Text>
                  {(rep || invitation.teams.length > 0) && (
                    <Text fz="xs" c="dimmed">
                      {[rep, ...invitation.teams].filter(Boolean).join(' · ')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td fz="sm">{t(`access.role.${invitation.role}`)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={STATUS_COLOURS[status]}>
                    {t(`access.invitations.status.${status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td fz="sm">{instant(invitation.expiresAt, true)}</Table.Td>
                <Table.Td ta="right">
                  {status === 'pending' && (
                    <RevokeButton
                      label={t('access.invitations.revokeNamed', {
                        who: invitation.email ?? t('access.invitations.anyone'),
                      })}
                      onClick={() => setRevoking(invitation)}
                      testId={`invitation-revoke-${invitation.id}`}
                    />
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </ListTable>
      )}
      {dialog && <InviteDialog byEmail={dialog === 'email'} onClose={() => setDialog(null)} />}
      {revoking && (
        <ConfirmMutation
          title={t('access.invitations.revokeTitle')}
          confirmLabel={t('access.revoke')}
          mutation={revoke}
          value={revoking.id}
          onClose={() => setRevoking(null)}
        >
          {t('access.invitations.revokeConfirm')}
        </ConfirmMutation>
      )}
    </SettingsSection>
  );
}
