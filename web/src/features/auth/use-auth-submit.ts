import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n-context.tsx';
import { authErrorText } from '../account/security-auth-api.tsx';

/**
 * A form that makes one better-auth call: busy while it runs, and its failure in the reader's words.
 * `submit(action, ready)` is the form's onSubmit: the browser's own submit is prevented, and the action
 * runs only when `ready` (e.g. the inputs are valid).
 */
export function useAuthSubmit() {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit =
    (action: () => Promise<void>, ready = true) =>
    async (event: FormEvent) => {
      event.preventDefault();
      if (!ready) return;
      setBusy(true);
      setError(null);
      try {
        await action();
      } catch (failure) {
        setError(authErrorText(failure, t));
      } finally {
        setBusy(false);
      }
    };
  return { busy, error, submit };
}
