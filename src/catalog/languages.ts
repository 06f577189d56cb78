import type { Sequelize, Transaction } from 'sequelize';
import { shopLanguageCodes } from '../shops/shopLookups';

/** A PPM language code as used in shop language maps and translations: "pl", "en", "de". */
export const LANGUAGE_CODE = /^[a-z]{2,3}$/;

/**
 * The languages the catalogue may hold texts in: the catalogue's default language plus every language some
 * shop maps (`shops.language_map` keys). A translation in any other language is refused (no shop could show it).
 */
export async function knownLanguages(sequelize: Sequelize, defaultLanguage: string, t?: Transaction): Promise<Set<string>> {
  return new Set([defaultLanguage, ...(await shopLanguageCodes(sequelize, t))]);
}
