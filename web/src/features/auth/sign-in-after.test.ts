import { describe, expect, it } from 'vitest';
import { scopesFor } from '../../api/access-types.ts';
import { isPublicPath, signInPath } from '../../api/client.ts';
import { safeNext } from './sign-in-after.ts';

describe('where sign-in leads', () => {
  it.each([
    ['/tasks?status=all', '/tasks?status=all'],
    ['/invite/abc', '/invite/abc'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/signin?next=/tasks', '/'],
  ])('next=%s opens %s', (next, expected) => {
    expect(safeNext(next)).toBe(expected);
  });

  it('a 401 sends to sign-in with the page asked for, the dashboard without a next', () => {
    expect(signInPath('/goals?folder=3')).toBe('/signin?next=%2Fgoals%3Ffolder%3D3');
    expect(signInPath('/')).toBe('/signin');
  });

  it.each([
    ['/signin', true],
    ['/setup', true],
    ['/invite/tok', true],
    ['/reset-password', true],
    ['/tv/secret', true],
    ['/', false],
    ['/settings/members', false],
    ['/invitations', false],
  ])('%s is public: %s', (path, expected) => {
    expect(isPublicPath(path)).toBe(expected);
  });
});

describe('token scopes a role may pick', () => {
  it.each([
    ['owner', ['read', 'write', 'admin']],
    ['admin', ['read', 'write', 'admin']],
    ['manager', ['read', 'write']],
    ['rep', ['read', 'write']],
    ['viewer', ['read']],
  ] as const)('%s: %j', (role, scopes) => {
    expect(scopesFor(role)).toEqual(scopes);
  });
});
