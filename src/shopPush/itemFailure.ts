import { isConnectorError } from '../errors/ConnectorError';

/** A permanent per-item failure worth recording (and moving on from), or null when the error should be retried. */
export function permanentItemFailure(e: unknown): { code: string; message: string } | null {
  if (isConnectorError(e) && !e.retryable) {
    const detail = e.remoteMessage && !e.message.includes(e.remoteMessage) ? ` (${e.remoteMessage})` : '';
    return { code: e.code, message: `${e.message}${detail}${e.field ? ` [field ${e.field}]` : ''}` };
  }
  return null;
}
