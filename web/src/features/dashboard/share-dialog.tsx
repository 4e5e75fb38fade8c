import {
  Alert,
  Button,
  CopyButton,
  Divider,
  Group,
  Modal,
  MultiSelect,
  NumberInput,
  Select,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconCheck, IconCopy, IconDeviceTv } from '@tabler/icons-react';
import { useState } from 'react';
import {
  ROTATE_SECONDS,
  type ShareLinkCreate,
  type ShareLinkCreated,
  shareLinkCreateSchema,
} from '../../../../src/core/contracts/share-links.ts';
import type { Dashboard } from '../../api/types.ts';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { DialogTitle } from '../../ui/dialog-title.tsx';
import { FormError } from '../../ui/form/form-error.tsx';
import { FormFooter } from '../../ui/form/form-footer.tsx';
import { useContractForm } from '../../ui/form/use-contract-form.ts';
import { isolated } from '../../ui/name-text.tsx';
import { ShareLinkList } from './share-link-list.tsx';
import { useCreateShareLink } from './share-queries.ts';

const EXPIRY_DAYS = { never: null, day: 1, week: 7, month: 30, quarter: 90 } as const;
type Expiry = keyof typeof EXPIRY_DAYS;
const DAY_MS = 86_400_000;

interface ShareValues {
  name: string;
  dashboardIds: string[];
  rotateSeconds: number | '';
  expiresAt: Expiry;
}

/** The link just made, shown once with a copy button: the server never shows its secret again. */
function CreatedLink({ created, onDone }: { created: ShareLinkCreated; onDone: () => void }) {
  const { t } = useI18n();
  const url = `${window.location.origin}${created.url}`;
  return (
    <Stack gap="sm">
      <Alert color="teal" icon={<IconCheck size={18} />}>
        {t('share.created')}
      </Alert>
      <Group gap="xs" wrap="nowrap" align="flex-end">
        <TextInput
          label={t('share.url')}
          value={url}
          readOnly
          flex={1}
          onFocus={(event) => event.currentTarget.select()}
          data-testid="share-url"
        />
        <CopyButton value={url}>
          {({ copied, copy }) => (
            <Button
              onClick={copy}
              variant={copied ? 'light' : 'filled'}
              leftSection={copied ? <IconCheck size={16} /> : <IconCopy size={16} />}
              data-testid="share-copy"
            >
              {copied ? t('share.copied') : t('share.copy')}
            </Button>
          )}
        </CopyButton>
      </Group>
      <Group justify="flex-end">
        <Button variant="default" onClick={onDone}>
          {t('common.close')}
        </Button>
      </Group>
    </Stack>
  );
}

/**
 * "Share on a TV": a name, the dashboards to rotate (this one by default), the seconds each stays
 * and an optional expiry make a secret read-only link; under it, the links one manages, revocable.
 */
export function ShareDialog({
  dashboard,
  dashboards,
  onClose,
}: {
  dashboard: Dashboard;
  dashboards: Dashboard[];
  onClose: () => void;
}) {
  const { t } = useI18n();
  const create = useCreateShareLink();
  const [created, setCreated] = useState<ShareLinkCreated | null>(null);
  const { field, amount, formError, onSubmit, values } = useContractForm<ShareValues, ShareLinkCreate>({
    schema: shareLinkCreateSchema,
    initialValues: {
      name: '',
      dashboardIds: [String(dashboard.id)],
      rotateSeconds: ROTATE_SECONDS.default,
      expiresAt: 'never',
    },
    toBody: (current) => {
      const days = EXPIRY_DAYS[current.expiresAt];
      return {
        name: current.name.trim(),
        dashboardIds: current.dashboardIds.map(Number),
        rotateSeconds: current.rotateSeconds === '' ? Number.NaN : current.rotateSeconds,
        expiresAt: days === null ? null : new Date(Date.now() + days * DAY_MS).toISOString(),
      };
    },
    error: create.error,
  });
  const submit = onSubmit((body) => create.mutate(body, { onSuccess: setCreated }));

  return (
    <Modal
      opened
      onClose={onClose}
      size="lg"
      title={<DialogTitle title={t('share.title')} subtitle={isolated(dashboard.name)} />}
    >
      <Stack gap="lg">
        {created ? (
          <CreatedLink created={created} onDone={onClose} />
        ) : (
          <form onSubmit={submit}>
            <Stack gap="sm">
              <Text fz="sm" c="dimmed">
                {t('share.intro')}
              </Text>
              <TextInput
                label={t('share.name')}
                placeholder={t('share.namePlaceholder')}
                maxLength={100}
                required
                data-autofocus
                {...field('name')}
                data-testid="share-name"
              />
              <MultiSelect
                label={t('share.dashboards')}
                data={dashboards.map((item) => ({ value: String(item.id), label: isolated(item.name) }))}
                {...field('dashboardIds')}
                data-testid="share-dashboards"
              />
              <Group grow align="flex-start">
                <NumberInput
                  label={t('share.seconds')}
                  min={ROTATE_SECONDS.min}
                  max={ROTATE_SECONDS.max}
                  step={5}
                  allowDecimal={false}
                  {...amount('rotateSeconds')}
                  data-testid="share-seconds"
                />
                <Select
                  label={t('share.expires')}
                  allowDeselect={false}
                  data={(Object.keys(EXPIRY_DAYS) as Expiry[]).map((key) => ({
                    value: key,
                    label: t(`share.expires.${key}`),
                  }))}
                  {...field('expiresAt')}
                  data-testid="share-expires"
                />
              </Group>
              <FormError>{formError}</FormError>
              <FormFooter
                label={t('share.create')}
                onCancel={onClose}
                busy={create.isPending}
                disabled={!values.name.trim() || values.dashboardIds.length === 0}
                testId="share-create"
              />
            </Stack>
          </form>
        )}
        <Divider />
        <ShareLinkList />
      </Stack>
    </Modal>
  );
}

/** The dashboard header's entry: opens the dialog. */
export function ShareOnTvButton({
  dashboard,
  dashboards,
}: {
  dashboard: Dashboard;
  dashboards: Dashboard[];
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button
        variant="default"
        size="sm"
        leftSection={<IconDeviceTv size={16} />}
        onClick={() => setOpen(true)}
        visibleFrom="sm"
        data-testid="share-tv"
      >
        {t('share.menu')}
      </Button>
      {open && <ShareDialog dashboard={dashboard} dashboards={dashboards} onClose={() => setOpen(false)} />}
    </>
  );
}
