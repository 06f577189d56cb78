import { AuditLog } from '../db/models/AuditLog';
import type { Principal } from './principal';

/** Records an administrative action. `details` must never hold a secret (only hints, ids, names). */
export async function audit(principal: Principal | undefined, action: string, target: string | null, details?: Record<string, unknown>): Promise<void> {
  await AuditLog.create({
    userId: principal?.kind === 'user' ? principal.id : null,
    action,
    target,
    details: { ...(details ?? {}), ...(principal ? { by: `${principal.kind}:${principal.id}` } : {}) },
  });
}
