import { ApiError } from '../apiError';

/** Where a record's stored secret was sent before an update and where it would be sent after. */
export interface EndpointMove<E> {
  from: E;
  to: E;
}

/**
 * 422 CREDENTIALS_REQUIRED: the stored secret is bound to the old endpoint and never sent to a new one, so an
 * update that moves the endpoint needs it again (in `field`).
 */
export function credentialsRequired(field: string, message: string): ApiError {
  return new ApiError(422, 'CREDENTIALS_REQUIRED', message, { field });
}

/** The audit details of an admin update: the fields sent, and the endpoint move when there was one. */
export function updateAuditDetails<E>(body: object, moved: EndpointMove<E> | null) {
  return { fields: Object.keys(body), ...(moved ? { endpoint: moved } : {}) };
}
