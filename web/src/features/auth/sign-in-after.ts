import { signIn } from '../../api/use-auth.ts';

/**
 * After setup or joining: sign in with what was just typed and open the app with a full load, so
 * nothing cached from before the session (the setup check, a 401) survives. A second factor cannot
 * be on for a person who has just been created, so the answer is a session.
 */
export async function signInAndOpen(email: string, password: string, to = '/'): Promise<void> {
  await signIn(email, password);
  window.location.assign(to);
}

/** Where `?next=` may send the reader after signing in: a path of this app, never another site. */
export function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/signin')) return '/';
  return next;
}
