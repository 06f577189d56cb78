import crypto from 'node:crypto';

/**
 * An error the simulated Business Central answers with, in BC's body format:
 * `{"error":{"code":"<Category_Detail>","message":"<text>  CorrelationId:  <guid>."}}` (reference §8; the
 * CorrelationId suffix is [secondhand] but seen in many public clients).
 */
export class BcHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error: { code: string; message: string } } {
    const message = this.message.endsWith('.') ? this.message : `${this.message}.`;
    return { error: { code: this.code, message: `${message}  CorrelationId:  ${crypto.randomUUID()}.` } };
  }
}

/** OData's message for an unknown property (used for $select, $filter, $orderby, $expand). */
export function unknownProperty(name: string, entityType: string): BcHttpError {
  return new BcHttpError(400, 'BadRequest', `Could not find a property named '${name}' on type 'Microsoft.NAV.${entityType}'`);
}
