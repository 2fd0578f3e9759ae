/**
 * Who may run what: the commenter's role on the repository, read from the collaborator
 * permission API's `role_name`. Never `author_association`: it says how someone relates
 * to the repository (a past contributor is `CONTRIBUTOR`, an organisation member `MEMBER`
 * whatever their access), not what they may do.
 */

import type { BerthCommand } from './command.ts';

/** GitHub's repository roles, weakest first. */
export const ROLES = ['none', 'read', 'triage', 'write', 'maintain', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Permission {
  /** The base role berth ranks. */
  role: Role;
  /** What GitHub calls it: a base role or a custom repository role's name. */
  roleName: string;
}

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * The answer of `GET /repos/{owner}/{repo}/collaborators/{username}/permission`.
 * `role_name` keeps maintain and triage, which `permission` folds into write and read;
 * a custom role's `role_name` is its own name, so its base role is taken from
 * `permission` (folded, so never more than the user has).
 */
export function permissionOf(data: { permission?: string | null; role_name?: string | null }): Permission {
  const roleName = data.role_name ?? '';
  const base = data.permission ?? '';
  const role: Role = isRole(roleName) ? roleName : isRole(base) ? base : 'none';
  return { roleName: roleName || base || 'none', role };
}

export function hasRole(actual: Role, required: Role): boolean {
  return ROLES.indexOf(actual) >= ROLES.indexOf(required);
}

export type CommandName = BerthCommand['name'];

/** Required roles per command; `forceConflicts` is `/berth apply --force-conflicts`. */
export type RoleRequirements = Record<CommandName | 'forceConflicts', Role>;

export const DEFAULT_ROLES: RoleRequirements = {
  plan: 'write',
  explain: 'write',
  status: 'write',
  help: 'write',
  apply: 'maintain',
  rollback: 'maintain',
  cancel: 'maintain',
  unlock: 'admin',
  forceConflicts: 'admin',
};

/** The role a command needs: the command's own, raised by any flag that needs more. */
export function requiredRole(command: BerthCommand, roles: RoleRequirements = DEFAULT_ROLES): Role {
  const own = roles[command.name];
  if (command.name === 'apply' && command.forceConflicts && !hasRole(own, roles.forceConflicts))
    return roles.forceConflicts;
  return own;
}

export type Authorization =
  | { allowed: true; permission: Permission; required: Role }
  | { allowed: false; permission: Permission; required: Role; reason: string };

/** Whether `username` may run `command`, with the one-line reason a refusal gives. */
export async function authorize(
  github: { permission(username: string): Promise<Permission> },
  username: string,
  command: BerthCommand,
  roles: RoleRequirements = DEFAULT_ROLES,
): Promise<Authorization> {
  const required = requiredRole(command, roles);
  const permission = await github.permission(username);
  if (hasRole(permission.role, required)) return { allowed: true, permission, required };
  const what = command.name === 'apply' && command.forceConflicts ? 'apply --force-conflicts' : command.name;
  return {
    allowed: false,
    permission,
    required,
    reason: `/berth ${what} needs the ${required} role on this repository; ${username} has ${permission.roleName}.`,
  };
}
