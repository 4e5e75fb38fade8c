/**
 * Whether this browser was signed in when the app last asked: index.html's inline script reads it
 * to preload the first API answers only for someone they will answer (the session cookie is
 * HttpOnly, so the page cannot look at it). A hint, never a credential: a stale one costs one
 * round of 401s, which clears it.
 */
export const SIGNED_IN_KEY = 'udn.signedIn';

export function noteSignedIn(signedIn: boolean): void {
  try {
    if (signedIn) localStorage.setItem(SIGNED_IN_KEY, '1');
    else localStorage.removeItem(SIGNED_IN_KEY);
  } catch {
    // Storage blocked: nothing is preloaded, the app loads as it would anyway.
  }
}
