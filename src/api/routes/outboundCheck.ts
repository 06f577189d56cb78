import { type OutboundPolicy, OutboundRefusedError } from '../../net/outboundPolicy';
import { ApiError } from '../apiError';

/** 422 OUTBOUND_REFUSED when an admin-set endpoint names an internal host the operator has not allowed. */
export function assertOutboundAllowed(policy: OutboundPolicy, hosts: string[], field: string): void {
  try {
    for (const h of hosts) policy.assertHostAllowed(h);
  } catch (e) {
    if (e instanceof OutboundRefusedError) throw new ApiError(422, 'OUTBOUND_REFUSED', e.message, { field, host: e.host });
    throw e;
  }
}
