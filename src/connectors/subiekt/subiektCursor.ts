import { ConnectorError } from '../../errors/ConnectorError';

/** Everything needed to resume a scan: the last tw_Id returned and the settings the scan was made with. */
export interface SubiektCursor {
  v: 1;
  lastId: number;
  /** fingerprint of price level, warehouses and filters; a cursor from other settings is refused */
  settings: string;
  /** products returned so far in this scan (progress information) */
  seen: number;
}

export function encodeCursor(c: SubiektCursor): string {
  return JSON.stringify(c);
}

export function decodeCursor(text: string, settings: string): SubiektCursor {
  let c: Partial<SubiektCursor>;
  try {
    c = JSON.parse(text) as Partial<SubiektCursor>;
  } catch {
    throw new ConnectorError({ system: 'subiekt', code: 'CONFIGURATION', message: 'Subiekt GT: the page cursor is not valid JSON', field: 'cursor' });
  }
  if (c.v !== 1 || !Number.isInteger(c.lastId) || typeof c.settings !== 'string') {
    throw new ConnectorError({ system: 'subiekt', code: 'CONFIGURATION', message: 'Subiekt GT: the page cursor is not a Subiekt cursor', field: 'cursor' });
  }
  if (c.settings !== settings) {
    throw new ConnectorError({ system: 'subiekt', code: 'CONFIGURATION', message: 'Subiekt GT: the page cursor was made with other settings (price level, warehouses or filter); start a new scan', field: 'cursor' });
  }
  return { v: 1, lastId: c.lastId!, settings: c.settings, seen: Number(c.seen ?? 0) };
}
