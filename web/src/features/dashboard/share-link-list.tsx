import { Badge, Button, Group, Stack, Text } from '@mantine/core';
import { IconDeviceTv } from '@tabler/icons-react';
import { useState } from 'react';
import type { ShareLink } from '../../../../src/core/contracts/share-links.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { ConfirmDialog } from '../../ui/confirm-dialog.tsx';
import { NameText } from '../../ui/name-text.tsx';
import { useFormat } from '../../ui/use-format.ts';
import { useRevokeShareLink, useShareLinks } from './share-queries.ts';

type LinkState = 'active' | 'revoked' | 'expired';

const stateOf = (link: ShareLink, now: number): LinkState =>
  link.revokedAt !== null
    ? 'revoked'
    : link.expiresAt !== null && Date.parse(link.expiresAt) <= now
      ? 'expired'
      : 'active';

const STATE_COLOR: Record<LinkState, string> = { active: 'teal', revoked: 'gray', expired: 'yellow' };

function LinkRow({ link, onRevoke }: { link: ShareLink; onRevoke: () => void }) {
  const { t, plural } = useI18n();
  const format = useFormat();
  const state = stateOf(link, Date.now());
  const facts = [
    plural('share.details', link.dashboardIds.length, { seconds: link.rotateSeconds }),
    link.lastUsedAt
      ? t('share.lastUsed', { when: format.instant(link.lastUsedAt, true) })
      : t('share.neverUsed'),
    link.expiresAt && state === 'active'
      ? t('share.expiresOn', { when: format.instant(link.expiresAt, true) })
      : null,
    link.createdByName ? t('share.by', { name: link.createdByName }) : null,
  ].filter((fact): fact is string => fact !== null);
  return (
    <Group justify="space-between" wrap="nowrap" gap="sm" data-testid={`share-link-${link.id}`}>
      <Stack gap={2} miw={0}>
        <Group gap="xs" wrap="nowrap">
          <IconDeviceTv size={16} aria-hidden />
          <Text fw={600} truncate="end">
            <NameText>{link.name}</NameText>
          </Text>
          <Badge size="sm" variant="light" color={STATE_COLOR[state]} data-testid="share-link-state">
            {t(`share.state.${state}`)}
          </Badge>
        </Group>
        <Text fz="xs" c="dimmed">
          <span className="udn-num">{link.prefix}…</span> · {facts.join(' · ')}
        </Text>
      </Stack>
      {state === 'active' && (
        <Button
          size="xs"
          variant="default"
          color="red"
          onClick={onRevoke}
          data-testid={`share-link-revoke-${link.id}`}
        >
          {t('share.revoke')}
        </Button>
      )}
    </Group>
  );
}

/** The share links one manages, newest first, each revocable while it works. */
export function ShareLinkList() {
  const { t } = useI18n();
  const links = useShareLinks(true);
  const revoke = useRevokeShareLink();
  const [confirming, setConfirming] = useState<ShareLink | null>(null);

  return (
    <Stack gap="xs">
      <Text fw={650} fz="sm">
        {t('share.links')}
      </Text>
      {links.isError ? (
        <Text fz="sm" c="red">
          {links.error.message}
        </Text>
      ) : links.data && links.data.links.length === 0 ? (
        <Text fz="sm" c="dimmed">
          {t('share.none')}
        </Text>
      ) : (
        links.data?.links.map((link) => (
          <LinkRow key={link.id} link={link} onRevoke={() => setConfirming(link)} />
        ))
      )}
      {confirming && (
        <ConfirmDialog
          title={t('share.revokeTitle', { name: confirming.name })}
          confirmLabel={t('share.revoke')}
          busy={revoke.isPending}
          error={revoke.error?.message}
          onConfirm={() =>
            revoke.mutate(confirming.id, {
              onSuccess: () => setConfirming(null),
            })
          }
          onClose={() => setConfirming(null)}
        >
          {t('share.revokeText')}
        </ConfirmDialog>
      )}
    </Stack>
  );
}
