import type { Principal } from '../auth/principal';

/**
 * Who changed a product, as the audit trail (`product_changes.actor`) records it. The API's callers are users
 * or service tokens; imports and ERP pulls are jobs; `system` is anything else (migrations, maintenance).
 */
export type ChangeActor =
  | { kind: 'user'; id: number; email: string }
  | { kind: 'service_token'; id: number; name: string }
  | { kind: 'import'; jobId: string | null; by: ChangeActor | null }
  | { kind: 'erp_pull'; sourceId: number | null }
  | { kind: 'system' };

export function actorOf(p: Principal): ChangeActor {
  return p.kind === 'user' ? { kind: 'user', id: p.id, email: p.email ?? '' } : { kind: 'service_token', id: p.id, name: p.name ?? '' };
}

/** SQL that makes `actor` the author of the product changes written in the current transaction. */
export const SET_ACTOR_SQL = `SELECT set_config('ppm.actor', $1, true)`;
