import type { RequestIdVariables } from 'hono/request-id';
import type { Principal } from '../auth/principal';

/** Typed context variables set by middleware (request id; the authenticated principal once auth runs). */
export type AppVariables = RequestIdVariables & {
  /** Set by the auth middleware for authenticated requests. */
  principal?: Principal;
  /** Why a presented credential was not accepted (expired, invalid, revoked); requireRole answers 401 with it. */
  authProblem?: string;
  /** Lowest remaining budget among the rate limiters that ran (decides which RateLimit-* headers are sent). */
  rateLimitRemaining?: number;
};

export type AppEnv = { Variables: AppVariables };
