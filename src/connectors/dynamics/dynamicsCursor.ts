import { z } from 'zod';
import { ConnectorError } from '../../errors/ConnectorError';

/**
 * Everything needed to resume a Business Central item scan after a crash, as opaque JSON text:
 * - mode "full" reads every item; "changes" reads items with lastModifiedDateTime gt `since`.
 * - nextLink: the server's `@odata.nextLink` still to GET (null before the first page).
 * - scanStartedAt: the server's clock (Date header) at the first page; the next incremental pull starts there,
 *   minus an overlap, so changes made while this scan ran are read again rather than lost.
 * - highWater: the largest lastModifiedDateTime seen so far (reported, and a fallback without a Date header).
 */
export const dynamicsCursorSchema = z.object({
  v: z.literal(1),
  kind: z.literal('dynamics.items'),
  companyId: z.string(),
  mode: z.enum(['full', 'changes']),
  since: z.string().nullable(),
  nextLink: z.string().nullable(),
  scanStartedAt: z.string().nullable(),
  highWater: z.string().nullable(),
});

export type DynamicsCursor = z.infer<typeof dynamicsCursorSchema>;

export function encodeCursor(cursor: DynamicsCursor): string {
  return JSON.stringify(cursor);
}

export function decodeCursor(text: string): DynamicsCursor {
  try {
    return dynamicsCursorSchema.parse(JSON.parse(text));
  } catch (cause) {
    throw new ConnectorError({ system: 'dynamics', code: 'CONFIGURATION', message: 'The cursor passed to the Business Central source is not one it issued', cause });
  }
}
