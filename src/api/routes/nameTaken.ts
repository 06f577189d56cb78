import { ApiError } from '../apiError';

/**
 * For a write that failed: 409 NAME_TAKEN with `message` when PostgreSQL refused a duplicate (the name is the
 * only unique column these admin writes set); any other error as it was.
 */
export function throwNameTaken(e: unknown, message: string): never {
  if ((e as Error).name === 'SequelizeUniqueConstraintError') throw new ApiError(409, 'NAME_TAKEN', message);
  throw e;
}
