/** The roles a user or service token can hold, lowest first; a role includes the rights of the roles below it. */
export const ROLES = ['user', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];
