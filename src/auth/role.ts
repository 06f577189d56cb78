/** The roles a user or service token can hold, lowest first; a role includes the rights of the roles below it. */
export const ROLES = ['user', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Rank of each role: a role includes the rights of the roles ranked below it. */
export const ROLE_RANK: Record<Role, number> = { user: 1, manager: 2, admin: 3 };

/** True when `role` has at least the rights of `minRole`. */
export function roleAtLeast(role: Role, minRole: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minRole];
}
