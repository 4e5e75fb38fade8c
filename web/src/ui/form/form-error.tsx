import { Text } from '@mantine/core';

/** A failure of the whole form (one that names none of its inputs), under the inputs. */
export function FormError({ children }: { children: string | null | undefined }) {
  if (!children) return null;
  return (
    <Text c="red" fz="sm">
      {children}
    </Text>
  );
}
