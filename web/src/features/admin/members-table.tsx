import {
  ActionIcon,
  Badge,
  Button,
  Group,
  MultiSelect,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  Tooltip,
} from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconEye, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { Member, Role } from '../../api/access-types.ts';
import { useMe, useViewAs } from '../../api/use-me.ts';
import { type MemberChange, useMembers, useRemoveMember, useUpdateMember } from '../../api/use-members.ts';
import { useReps } from '../../api/use-reps.ts';
import { useTeams } from '../../api/use-teams.ts';
import { navigate } from '../../app/router.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ConfirmMutation } from '../../ui/confirm-dialog.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { SettingsSection } from '../../ui/settings-section.tsx';
import { useFormat } from '../../ui/use-format.ts';
import { roleOptions } from './role-options.ts';

/** Every member with their role, teams and rep record, changed in place; view as them; remove them. */
export function MembersTable() {
  const { t } = useI18n();
  const { instant } = useFormat();
  // Phones get one card a member: a table this wide would hide its actions off screen.
  const phone = useMediaQuery('(max-width: 48em)');
  const me = useMe().data;
  const members = useMembers();
  const reps = useReps().data ?? [];
  const teams = useTeams().data ?? [];
  const update = useUpdateMember();
  const remove = useRemoveMember();
  const viewAs = useViewAs();
  const [removing, setRemoving] = useState<Member | null>(null);
  const roles = roleOptions(me?.role, t);
  const repData = reps.map((rep) => ({ value: rep.id, label: `${rep.name} (${rep.id})` }));
  const teamData = teams.map((team) => team.name);
  const list = members.data?.members ?? [];

  /** The person, their role, teams and rep, their last sign-in and the actions: as cells or as a card. */
  const parts = (member: Member) => {
    const self = member.userId === me?.user.id;
    const change = (patch: MemberChange) => update.mutate({ userId: member.userId, change: patch });
    // Only an owner changes or removes an owner.
    const ownerLocked = member.role === 'owner' && me?.role !== 'owner';
    const label = (text: string) => (phone ? { label: text } : { 'aria-label': text });
    return {
      person: (
        <div>
          <Group gap={6} wrap="nowrap">
            <Text fz="sm" fw={600}>
              {member.name}
            </Text>
            {self && (
              <Badge size="xs" variant="light">
                {t('access.members.you')}
              </Badge>
            )}
          </Group>
          <Text fz="xs" c="dimmed">
            {member.email}
          </Text>
        </div>
      ),
      role: (
        <Select
          {...label(phone ? t('access.members.role') : t('access.members.roleOf', { name: member.name }))}
          data={ownerLocked ? [{ value: 'owner', label: t('access.role.owner') }] : roles}
          value={member.role}
          disabled={ownerLocked}
          allowDeselect={false}
          size="xs"
          onChange={(value) => value && value !== member.role && change({ role: value as Role })}
          data-testid={`member-role-${member.email}`}
        />
      ),
      teams: (
        <MultiSelect
          {...label(phone ? t('access.members.teams') : t('access.members.teamsOf', { name: member.name }))}
          data={[...new Set([...teamData, ...member.teams])]}
          value={member.teams}
          size="xs"
          clearable
          onChange={(value) => change({ teams: value })}
          data-testid={`member-teams-${member.email}`}
        />
      ),
      rep: (
        <Select
          {...label(phone ? t('access.members.rep') : t('access.members.repOf', { name: member.name }))}
          data={repData}
          value={member.repId}
          placeholder={t('access.members.noRep')}
          searchable
          clearable
          size="xs"
          nothingFoundMessage={t('common.nothingFound')}
          onChange={(value) => value !== member.repId && change({ repId: value })}
          data-testid={`member-rep-${member.email}`}
        />
      ),
      lastSignIn: member.lastSignInAt ? instant(member.lastSignInAt, true) : '—',
      viewAs: self ? null : (
        <Tooltip label={t('access.members.viewAs', { name: member.name })} disabled={phone}>
          {phone ? (
            <Button
              size="compact-sm"
              variant="light"
              leftSection={<IconEye size={16} />}
              loading={viewAs.isPending && viewAs.variables === member.userId}
              onClick={() => viewAs.mutate(member.userId, { onSuccess: () => navigate('/') })}
              data-testid={`member-view-as-${member.email}`}
            >
              {t('access.members.viewAs', { name: member.name })}
            </Button>
          ) : (
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('access.members.viewAs', { name: member.name })}
              loading={viewAs.isPending && viewAs.variables === member.userId}
              onClick={() => viewAs.mutate(member.userId, { onSuccess: () => navigate('/') })}
              data-testid={`member-view-as-${member.email}`}
            >
              <IconEye size={18} />
            </ActionIcon>
          )}
        </Tooltip>
      ),
      remove: (
        <Tooltip label={t('access.members.remove', { name: member.name })}>
          <ActionIcon
            variant="subtle"
            color="red"
            aria-label={t('access.members.remove', { name: member.name })}
            onClick={() => setRemoving(member)}
            disabled={ownerLocked}
            data-testid={`member-remove-${member.email}`}
          >
            <IconTrash size={18} />
          </ActionIcon>
        </Tooltip>
      ),
    };
  };

  return (
    <SettingsSection title={t('access.members.title')} text={t('access.members.text')}>
      <FormError>{members.error?.message ?? update.error?.message ?? viewAs.error?.message}</FormError>
      {phone ? (
        <Stack gap="sm" data-testid="member-list">
          {list.map((member) => {
            const part = parts(member);
            return (
              <Paper key={member.userId} withBorder radius="md" p="sm" data-testid={`member-${member.email}`}>
                <Stack gap="xs">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    {part.person}
                    {part.remove}
                  </Group>
                  {part.role}
                  {part.teams}
                  {part.rep}
                  <Group justify="space-between" gap="xs">
                    <Text fz="xs" c="dimmed">
                      {t('access.members.lastSignIn')}: {part.lastSignIn}
                    </Text>
                    {part.viewAs}
                  </Group>
                </Stack>
              </Paper>
            );
          })}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={880} type="native" tabIndex={0}>
          <Table verticalSpacing="sm" data-testid="member-list">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('access.members.person')}</Table.Th>
                <Table.Th w={150}>{t('access.members.role')}</Table.Th>
                <Table.Th w={220}>{t('access.members.teams')}</Table.Th>
                <Table.Th w={220}>{t('access.members.rep')}</Table.Th>
                <Table.Th>{t('access.members.lastSignIn')}</Table.Th>
                <Table.Th w={90}>{t('access.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((member) => {
                const part = parts(member);
                return (
                  <Table.Tr key={member.userId} data-testid={`member-${member.email}`}>
                    <Table.Td>{part.person}</Table.Td>
                    <Table.Td>{part.role}</Table.Td>
                    <Table.Td>{part.teams}</Table.Td>
                    <Table.Td>{part.rep}</Table.Td>
                    <Table.Td fz="sm">{part.lastSignIn}</Table.Td>
                    <Table.Td>
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        {part.viewAs}
                        {part.remove}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {removing && (
        <ConfirmMutation
          title={t('access.members.removeTitle')}
          confirmLabel={t('access.members.removeAction')}
          mutation={remove}
          value={removing.userId}
          onClose={() => setRemoving(null)}
        >
          {t('access.members.removeConfirm', { name: removing.name, org: me?.org.name ?? '' })}
        </ConfirmMutation>
      )}
    </SettingsSection>
  );
}
