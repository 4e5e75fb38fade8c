import { Button } from '@mantine/core';
import { useI18n } from '../i18n/i18n-context.tsx';

/** A list row's "Revoke" (a token, an invitation): it asks first, so it only opens the confirmation. */
export function RevokeButton({
  label,
  onClick,
  testId,
}: {
  label: string;
  onClick: () => void;
  testId: string;
}) {
  const { t } = useI18n();
  return (
    <Button
      size="compact-sm"
      variant="subtle"
      color="red"
      onClick={onClick}
      aria-label={label}
      data-testid={testId}
    >
      {t('access.revoke')}
    </Button>
  );
}
