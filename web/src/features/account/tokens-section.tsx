import { Badge, Button, Group, Modal, Paper, Select, Stack, Table, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { type FormEvent, useState } from 'react';
import { type ApiToken, scopesFor, type TokenScope } from '../../api/access-types.ts';
import { fieldErrorOf, messageFor } from '../../api/field-error.ts';
import { useMe } from '../../api/use-me.ts';
import { useCreateToken, useRevokeToken, useTokens } from '../../api/use-tokens.ts';
import { useCan } from '../../app/use-can.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ConfirmMutation } from '../../ui/confirm-dialog.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { ListTable } from '../../ui/list-table.tsx';
import { RevokeButton } from '../../ui/revoke-button.tsx';
import { SecretOnce } from '../../ui/secret-once.tsx';
import { SettingsSection } from '../../ui/settings-section.tsx';
import { useFormat } from '../../ui/use-format.ts';

const EXPIRIES = ['30', '90', '365', 'never'] as const;

/** Name, scope (never above the role) and expiry; then the token, shown this once, with a copy button. */
function CreateTokenDialog({ onClose }: { onClose: () => void }) {
  const { t } = useI18n();
  const me = useMe().data;
  const create = useCreateToken();
  const scopes = scopesFor(me?.role ?? 'viewer');
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('read');
  const [expiry, setExpiry] = useState<(typeof EXPIRIES)[number]>('90');
  const fieldError = fieldErrorOf(create.error);
  const formError = create.error && !fieldError ? create.error.message : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name: name.trim(), scope, expiresInDays: expiry === 'never' ? null : Number(expiry) });
  };

  const token = create.data?.token;
  return (
    <Modal opened onClose={onClose} title={<Text fw={650}>{t('access.tokens.createTitle')}</Text>}>
      {token ? (
        <SecretOnce
          title={t('access.tokens.createdTitle')}
          secret={token}
          testIds={{ secret: 'token-secret', copy: 'token-copy', done: 'token-done' }}
          onDone={onClose}
        >
          {t('access.tokens.createdText')}
        </SecretOnce>
      ) : (
        <form onSubmit={submit}>
          <Stack gap="sm">
            <TextInput
              label={t('access.tokens.name')}
              placeholder={t('access.tokens.namePlaceholder')}
              required
              data-autofocus
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={messageFor(fieldError, 'name')}
              data-testid="token-name"
            />
            <Select
              label={t('access.tokens.scope')}
              data={scopes.map((value) => ({ value, label: t(`access.scope.${value}`) }))}
              value={scope}
              onChange={(value) => value && setScope(value as TokenScope)}
              allowDeselect={false}
              error={messageFor(fieldError, 'scope')}
              data-testid="token-scope"
            />
            <Select
              label={t('access.tokens.expiry')}
              data={EXPIRIES.map((value) => ({
                value,
                label:
                  value === 'never' ? t('access.tokens.never') : t('access.tokens.days', { count: value }),
              }))}
              value={expiry}
              onChange={(value) => value && setExpiry(value as (typeof EXPIRIES)[number])}
              allowDeselect={false}
              data-testid="token-expiry"
            />
            <FormError>{formError}</FormError>
            <FormFooter
              label={t('access.tokens.create')}
              onCancel={onClose}
              busy={create.isPending}
              disabled={!name.trim()}
              testId="token-submit"
            />
          </Stack>
        </form>
      )}
    </Modal>
  );
}

function statusOf(token: ApiToken, now: number): 'revoked' | 'expired' | 'active' {
  if (token.revokedAt) return 'revoked';
  if (token.expiresAt && Date.parse(token.expiresAt) <= now) return 'expired';
  return 'active';
}

/** The person's personal access tokens: for scripts and the CLI, sent as `Authorization: Bearer`. */
export function TokensSection() {
  const { t } = useI18n();
  const { instant } = useFormat();
  const can = useCan();
  const tokens = useTokens();
  const revoke = useRevokeToken();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken | null>(null);
  const now = Date.now();
  const list = tokens.data?.tokens ?? [];
  const phone = useMediaQuery('(max-width: 48em)');

  // A token is told apart by its name and the first characters of its secret.
  const nameOf = (token: ApiToken) => (
    <>
      <Text fz="sm" fw={600}>
        {token.name}
      </Text>
      <Text fz="xs" c="dimmed" ff="monospace">
        {token.prefix}…
      </Text>
    </>
  );
  const scopeBadge = (token: ApiToken) => (
    <Badge variant="light" color={token.scope === 'admin' ? 'orange' : 'brand'} style={{ flexShrink: 0 }}>
      {t(`access.scope.${token.scope}`)}
    </Badge>
  );
  const action = (token: ApiToken) => {
    const status = statusOf(token, now);
    return status === 'active' && !can.viewingAs ? (
      <RevokeButton
        label={t('access.tokens.revokeNamed', { name: token.name })}
        onClick={() => setRevoking(token)}
        testId={`token-revoke-${token.id}`}
      />
    ) : (
      <Badge variant="outline" color="gray">
        {t(`access.tokens.status.${status}`)}
      </Badge>
    );
  };

  return (
    <SettingsSection
      title={t('access.tokens.title')}
      text={t('access.tokens.text')}
      actions={
        !can.viewingAs && (
          <Button
            leftSection={<IconPlus size={16} />}
            onClick={() => setCreating(true)}
            data-testid="token-create"
          >
            {t('access.tokens.new')}
          </Button>
        )
      }
    >
      {tokens.isError && <FormError>{tokens.error.message}</FormError>}
      {list.length === 0 && tokens.isSuccess ? (
        <Text fz="sm" c="dimmed" data-testid="tokens-empty">
          {t('access.tokens.empty')}
        </Text>
      ) : phone ? (
        <Stack gap="xs" data-testid="token-list">
          {list.map((token) => (
            <Paper key={token.id} withBorder radius="md" p="sm" data-testid={`token-${token.id}`}>
              <Group justify="space-between" wrap="nowrap" align="flex-start">
                <div>{nameOf(token)}</div>
                {scopeBadge(token)}
              </Group>
              <Text fz="xs" c="dimmed" mt={6}>
                {t('access.tokens.created')}: {instant(token.createdAt)} · {t('access.tokens.expires')}:{' '}
                {token.expiresAt ? instant(token.expiresAt) : t('access.tokens.never')} ·{' '}
                {t('access.tokens.lastUsed')}: {token.lastUsedAt ? instant(token.lastUsedAt, true) : '—'}
              </Text>
              <Group justify="flex-end" mt={4}>
                {action(token)}
              </Group>
            </Paper>
          ))}
        </Stack>
      ) : (
        <ListTable
          columns={[
            t('access.tokens.name'),
            t('access.tokens.scope'),
            t('access.tokens.created'),
            t('access.tokens.expires'),
            t('access.tokens.lastUsed'),
          ]}
          testId="token-list"
        >
          {list.map((token) => {
            return (
              <Table.Tr key={token.id} data-testid={`token-${token.id}`}>
                <Table.Td>{nameOf(token)}</Table.Td>
                <Table.Td>{scopeBadge(token)}</Table.Td>
                <Table.Td fz="sm">{instant(token.createdAt)}</Table.Td>
                <Table.Td fz="sm">
                  {token.expiresAt ? instant(token.expiresAt) : t('access.tokens.never')}
                </Table.Td>
                <Table.Td fz="sm">{token.lastUsedAt ? instant(token.lastUsedAt, true) : '—'}</Table.Td>
                <Table.Td ta="right">{action(token)}</Table.Td>
              </Table.Tr>
            );
          })}
        </ListTable>
      )}
      {creating && <CreateTokenDialog onClose={() => setCreating(false)} />}
      {revoking && (
        <ConfirmMutation
          title={t('access.tokens.revokeTitle')}
          confirmLabel={t('access.revoke')}
          mutation={revoke}
          value={revoking.id}
          onClose={() => setRevoking(null)}
        >
          {t('access.tokens.revokeConfirm', { name: revoking.name })}
        </ConfirmMutation>
      )}
    </SettingsSection>
  );
}
