import type { Context } from 'hono';
import { ApiError } from '../apiError';
import type { AppEnv } from '../appEnv';
import { roleAtLeast } from '../middleware/requireRole';

/** The id stored with a job (search attribute PpmUserId): no e-mail or name, just the principal's kind and id. */
export function jobUserId(c: Context<AppEnv>): string {
  const p = c.get('principal');
  if (!p) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
  return p.kind === 'service' ? `svc:${p.id}` : `user:${p.id}`;
}

/** Users control their own jobs; managers and admins control any job. */
export function assertMayControl(c: Context<AppEnv>, jobUser: string | null): void {
  const p = c.get('principal');
  if (!p) throw new ApiError(401, 'UNAUTHENTICATED', 'Authentication required');
  if (roleAtLeast(p.role, 'manager')) return;
  if (jobUser !== jobUserId(c)) throw new ApiError(403, 'FORBIDDEN', 'Only the job owner or a manager may control this job');
}

/** The optional Idempotency-Key header (1–255 printable characters). */
export function idempotencyKey(c: Context<AppEnv>): string | undefined {
  const key = c.req.header('Idempotency-Key');
  if (key === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new ApiError(400, 'BAD_IDEMPOTENCY_KEY', 'Idempotency-Key must be 1-255 printable ASCII characters');
  return key;
}
