import { createHash, createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/**
 * Opaque, tamper-evident keyset cursors for catalogue lists: `base64url(payload).base64url(hmac)`. The payload
 * holds the sort, a fingerprint of the filters the list was asked with, and the last row's sort key and id;
 * the HMAC (SHA-256, key derived from JWT_SECRET) makes any edit detectable. A cursor is only valid for the
 * same filters and sort (changing them starts a new listing).
 */
export class ListCursorError extends Error {
  constructor(readonly reason: 'malformed' | 'tampered' | 'mismatch') {
    super(
      reason === 'mismatch'
        ? 'this cursor belongs to a listing with other filters or another sort: start again without a cursor'
        : 'invalid cursor: pass nextCursor exactly as a previous page returned it',
    );
    this.name = 'ListCursorError';
  }
}

export interface CursorPosition {
  /** The last row's sort key, as text (compared after a cast to the key's SQL type). */
  key: string;
  id: number;
}

interface Payload {
  v: 1;
  /** fingerprint of filters + sort */
  f: string;
  k: string;
  i: number;
}

export class ListCursors {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'ppm-sync', 'list cursor v1', 32));
  }

  /** A stable fingerprint of what a listing was asked for (anything that changes the row order or set). */
  static fingerprint(listing: Record<string, unknown>): string {
    const canonical = JSON.stringify(Object.keys(listing).sort().map((k) => [k, listing[k] ?? null]));
    return createHash('sha256').update(canonical).digest('base64url').slice(0, 16);
  }

  encode(fingerprint: string, pos: CursorPosition): string {
    const payload: Payload = { v: 1, f: fingerprint, k: pos.key, i: pos.id };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  decode(cursor: string, fingerprint: string): CursorPosition {
    const [body, mac, extra] = cursor.split('.');
    if (!body || !mac || extra !== undefined) throw new ListCursorError('malformed');
    const expected = Buffer.from(this.sign(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new ListCursorError('tampered');
    const p = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as Payload;
    if (p.f !== fingerprint) throw new ListCursorError('mismatch');
    return { key: p.k, id: p.i };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
