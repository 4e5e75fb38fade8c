/**
 * Who records a value. There are no user accounts yet (the API takes `updated_by` as free text), so
 * the name typed once is remembered on this device and offered next time.
 */
const KEY = 'udn.updatedBy';

export function rememberedName(): string {
  try {
    return localStorage.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

export function rememberName(name: string): void {
  try {
    localStorage.setItem(KEY, name.trim());
  } catch {
    // Storage blocked: the name is asked again next time.
  }
}
