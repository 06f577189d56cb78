/**
 * SQL collations on the wire: 5 bytes (LCID 20 bits, flags 8 bits, version 4 bits, SortId 8 bits).
 * The simulated Subiekt database uses Polish_CI_AS: LCID 0x0415, IgnoreCase + IgnoreKana + IgnoreWidth, SortId 0.
 * [derived from the LCID/flag layout; not verified against a real server's ENVCHANGE]
 */
export const POLISH_CI_AS = Buffer.from([0x15, 0x04, 0xd0, 0x00, 0x00]);

const CODEPAGE_BY_LCID: Record<number, string> = {
  0x0405: 'cp1250', // Czech
  0x040e: 'cp1250', // Hungarian
  0x0415: 'cp1250', // Polish
  0x041a: 'cp1250', // Croatian
  0x041b: 'cp1250', // Slovak
  0x0424: 'cp1250', // Slovenian
  0x0419: 'cp1251', // Cyrillic
  0x0409: 'cp1252', // Latin1_General
  0x0407: 'cp1252', // German
};

/** Code page of a wire collation, for decoding varchar/char parameter bytes. */
export function codePageOf(collation: Buffer): string {
  if (collation.length < 5) return 'cp1250';
  const lcid = collation[0] | (collation[1] << 8) | ((collation[2] & 0x0f) << 16);
  const sortId = collation[4];
  if (sortId !== 0) {
    // SQL_* collations: the SQL_Latin1_General_CP1_* family (sort ids 51-54) is CP1252; SQL_Polish_CP1250_* is 80-ish.
    if (sortId >= 80 && sortId <= 96) return 'cp1250';
    return 'cp1252';
  }
  // Flag UTF8 (0x40) is flags bit 6, i.e. bit 2 of byte 3.
  if (collation[3] & 0x04) return 'utf8';
  return CODEPAGE_BY_LCID[lcid & 0xffff] ?? 'cp1252';
}
