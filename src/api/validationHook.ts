import type { Context } from 'hono';
import type { AppEnv } from './appEnv';
import { errorBody } from './errorHandler';

type ZodLikeIssue = { path: PropertyKey[]; message: string; code?: string };

/** OpenAPIHono's defaultHook: a failed zod validation answers 400 listing every field and what is wrong. */
export function validationHook(result: { success: boolean; error?: { issues: ZodLikeIssue[] }; target?: string }, c: Context<AppEnv>) {
  if (result.success) return undefined;
  const fields = (result.error?.issues ?? []).map((i) => ({ field: i.path.map(String).join('.') || '(body)', message: i.message, code: i.code }));
  return c.json(errorBody(c, 'VALIDATION_FAILED', `Invalid ${result.target ?? 'request'}`, { target: result.target, fields }), 400);
}
