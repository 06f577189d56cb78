import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';

/** A PPM language code as used in shop language maps and translations: "pl", "en", "de". */
export const LANGUAGE_CODE = /^[a-z]{2,3}$/;

/**
 * The languages the catalogue may hold texts in: the catalogue's default language plus every language some
 * shop maps (`shops.language_map` keys). A translation in any other language is refused (no shop could show it).
 */
export async function knownLanguages(sequelize: Sequelize, defaultLanguage: string, t?: Transaction): Promise<Set<string>> {
  const rows = await sequelize.query<{ lang: string }>(`SELECT DISTINCT jsonb_object_keys(language_map) AS lang FROM shops`, { type: QueryTypes.SELECT, transaction: t });
  return new Set([defaultLanguage, ...rows.map((r) => r.lang)]);
}
