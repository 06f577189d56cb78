import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { ApiError } from '../api/apiError';
import { isDependencyDown, isUnstorableText } from '../api/errorHandler';
import { logger } from '../logging/logger';

/**
 * One GraphQL error as the client sees it: `extensions.code` is the REST error envelope's code for the same
 * failure (PRODUCT_NOT_FOUND, FORBIDDEN, PRECONDITION_FAILED, VALIDATION_FAILED, ...), `extensions.details` its
 * details; unexpected failures are logged and answered INTERNAL without their text.
 */
export function formatGraphqlError(e: GraphQLError, requestId: string): GraphQLFormattedError {
  const base = e.toJSON();
  const original = e.originalError;
  if (original instanceof ApiError) {
    return { ...base, message: original.message, extensions: { code: original.code, ...(original.details === undefined ? {} : { details: original.details }), requestId } };
  }
  if (!original || original instanceof GraphQLError) {
    // GraphQL's own (syntax, validation, variable coercion) or a policy rule with its code.
    return { ...base, extensions: { code: 'VALIDATION_FAILED', ...base.extensions, requestId } };
  }
  if (isDependencyDown(original)) {
    logger.warn('a dependency is down (GraphQL)', { requestId, err: original.message });
    return { ...base, message: 'A dependency (database or Temporal) is not reachable; retry later', extensions: { code: 'UNAVAILABLE', requestId } };
  }
  if (isUnstorableText(original)) {
    return { ...base, message: 'The request contains text the database cannot store (e.g. a NUL character)', extensions: { code: 'UNSTORABLE_TEXT', requestId } };
  }
  logger.error('unhandled GraphQL resolver error', { requestId, path: base.path, err: original });
  return { ...base, message: 'Internal server error', extensions: { code: 'INTERNAL', requestId } };
}
