import { describe, expect, it } from 'vitest';
import type { BerthCommand } from '../../src/github/command.ts';
import {
  authorize,
  DEFAULT_ROLES,
  type Permission,
  permissionOf,
  requiredRole,
} from '../../src/github/permission.ts';

describe('permissionOf', () => {
  it.each([
    [
      'keeps maintain, which `permission` folds into write',
      { permission: 'write', role_name: 'maintain' },
      'maintain',
    ],
    [
      'keeps triage, which `permission` folds into read',
      { permission: 'read', role_name: 'triage' },
      'triage',
    ],
    ['takes a custom role at its folded base role', { permission: 'write', role_name: 'deployer' }, 'write'],
    ['reads an answer without role_name', { permission: 'admin' }, 'admin'],
    ['takes an unknown answer as no access', { permission: 'superuser', role_name: 'root' }, 'none'],
  ])('%s', (_name, data, role) => {
    expect(permissionOf(data).role).toBe(role);
  });
});

describe('authorize', () => {
  const as = (role: Permission['role'], roleName: string = role) => ({
    permission: async (_user: string): Promise<Permission> => ({ role, roleName }),
  });
  const apply = (forceConflicts: boolean): BerthCommand => ({
    name: 'apply',
    cluster: null,
    prune: false,
    forceConflicts,
  });

  it.each<[string, BerthCommand, Permission['role'], boolean]>([
    ['a writer may plan', { name: 'plan', cluster: null }, 'write', true],
    ['a triager may not plan', { name: 'plan', cluster: null }, 'triage', false],
    ['a reader may not ask for help', { name: 'help' }, 'read', false],
    ['a writer may not apply', apply(false), 'write', false],
    ['a maintainer may apply', apply(false), 'maintain', true],
    ['a maintainer may not force conflicts', apply(true), 'maintain', false],
    ['an admin may force conflicts', apply(true), 'admin', true],
    ['a maintainer may roll back', { name: 'rollback', cluster: null, to: null }, 'maintain', true],
    ['a maintainer may cancel', { name: 'cancel' }, 'maintain', true],
    ['a maintainer may not unlock', { name: 'unlock', cluster: null }, 'maintain', false],
    ['an admin may unlock', { name: 'unlock', cluster: null }, 'admin', true],
  ])('%s', async (_name, command, role, allowed) => {
    expect((await authorize(as(role), 'ana', command)).allowed).toBe(allowed);
  });

  it('says in one line what is needed and what the user has', async () => {
    const auth = await authorize(as('write', 'deployer'), 'ana', apply(true));
    expect(auth.allowed).toBe(false);
    expect(!auth.allowed && auth.reason).toBe(
      '/berth apply --force-conflicts needs the admin role on this repository; ana has deployer.',
    );
  });

  it('takes configured roles over the defaults', async () => {
    const roles = { ...DEFAULT_ROLES, apply: 'write' as const };
    expect(requiredRole(apply(false), roles)).toBe('write');
    expect(requiredRole(apply(true), roles)).toBe('admin');
    expect((await authorize(as('write'), 'ana', apply(false), roles)).allowed).toBe(true);
  });
});
