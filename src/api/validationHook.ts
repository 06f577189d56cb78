import type { Context } from 'hono';
import type { AppEnv } from './appEnv';
import { errorBody } from './errorHandler';

type ZodLikeIssue = { path: PropertyKey[]; message: string; code?: string; keys?: string[] };

/** One entry per bad field; an unknown key (strict objects: query parameters, body fields) is named itself. */
function fieldsOf(issues: ZodLikeIssue[], target: string | undefined) {
  const name = (path: PropertyKey[]) => path.map(String).join('.') || `(${target ?? 'request'})`;
  return issues.flatMap((i) =>
    i.code === 'unrecognized_keys' && i.keys?.length
      ? i.keys.map((k) => ({ field: name([...i.path, k]), message: `unknown ${target === 'json' ? 'field' : 'parameter'} "${k}"`, code: i.code }))
      : [{ field: name(i.path), message: i.message, code: i.code }],
  );
}

/** OpenAPIHono's defaultHook: a failed zod validation answers 400 listing every field and what is wrong. */
export function validationHook(result: { success: boolean; error?: { issues: ZodLikeIssue[] }; target?: string }, c: Context<AppEnv>) {
  if (result.success) return undefined;
  const fields = fieldsOf(result.error?.issues ?? [], result.target);
  return c.json(errorBody(c, 'VALIDATION_FAILED', `Invalid ${result.target ?? 'request'}`, { target: result.target, fields }), 400);
}
