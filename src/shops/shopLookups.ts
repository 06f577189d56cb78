import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { MissingTranslation, ShopRecord } from './shopRecord';

/**
 * The narrow reads the flows make of `shops`, each returning only what its caller needs. The admin reads and
 * writes are in shopStore.ts.
 */

export async function shopExists(sequelize: Sequelize, shopId: number, transaction?: Transaction): Promise<boolean> {
  return (await sequelize.query(`SELECT 1 FROM shops WHERE id = $1`, { bind: [shopId], type: QueryTypes.SELECT, transaction })).length > 0;
}

/** The PPM language codes some shop maps (`language_map` keys). */
export async function shopLanguageCodes(sequelize: Sequelize, transaction?: Transaction): Promise<string[]> {
  const rows = await sequelize.query<{ lang: string }>(`SELECT DISTINCT jsonb_object_keys(language_map) AS lang FROM shops`, { type: QueryTypes.SELECT, transaction });
  return rows.map((r) => r.lang);
}

/** Each language code some shop maps, except `exceptLanguage`, with the ids of the shops mapping it (ordered by code, then id). */
export async function shopsByLanguage(sequelize: Sequelize, exceptLanguage: string): Promise<Array<{ lang: string; shopIds: number[] }>> {
  return sequelize.query<{ lang: string; shopIds: number[] }>(
    `SELECT l AS lang, array_agg(s.id ORDER BY s.id) AS "shopIds" FROM shops s CROSS JOIN jsonb_object_keys(s.language_map) l
      WHERE l <> $1 GROUP BY l ORDER BY l`,
    { bind: [exceptLanguage], type: QueryTypes.SELECT },
  );
}

/** A shop as a job targets it: its id, name, concurrency cap and whether it is active. */
export type ShopTarget = Pick<ShopRecord, 'id' | 'name' | 'maxConcurrency' | 'active'>;

/** The shops among `ids` (every shop when null), by id, as jobs target them. */
export async function shopTargets(sequelize: Sequelize, ids: readonly number[] | null): Promise<ShopTarget[]> {
  const rows = await sequelize.query<{ id: number; name: string; max_concurrency: number; active: boolean }>(
    `SELECT id, name, max_concurrency, active FROM shops WHERE ($1::int[] IS NULL OR id = ANY($1::int[])) ORDER BY id`,
    { bind: [ids], type: QueryTypes.SELECT },
  );
  return rows.map((r) => ({ id: r.id, name: r.name, maxConcurrency: r.max_concurrency, active: r.active }));
}

/** What a push needs of a shop besides its connection: mappings, limits, root category, missing-translation rule. */
export type ShopPushSettings = Pick<
  ShopRecord,
  'id' | 'name' | 'active' | 'languageMap' | 'taxRulesMap' | 'maxConcurrency' | 'maxRequestsPerSecond' | 'rootCategoryId' | 'missingTranslation'
>;

/** Null when the shop does not exist. */
export async function shopPushSettings(sequelize: Sequelize, shopId: number): Promise<ShopPushSettings | null> {
  const [r] = await sequelize.query<{
    id: number;
    name: string;
    active: boolean;
    language_map: Record<string, number>;
    tax_rules_map: Record<string, number>;
    max_concurrency: number;
    max_requests_per_second: string;
    root_category_id: number;
    missing_translation: MissingTranslation;
  }>(
    `SELECT id, name, active, language_map, tax_rules_map, max_concurrency, max_requests_per_second, root_category_id, missing_translation FROM shops WHERE id = $1`,
    { bind: [shopId], type: QueryTypes.SELECT },
  );
  if (!r) return null;
  return {
    id: r.id,
    name: r.name,
    active: r.active,
    languageMap: r.language_map ?? {},
    taxRulesMap: r.tax_rules_map ?? {},
    maxConcurrency: r.max_concurrency,
    maxRequestsPerSecond: Number(r.max_requests_per_second),
    rootCategoryId: r.root_category_id,
    missingTranslation: r.missing_translation,
  };
}

/** A shop's endpoint and sealed API key (opened with shopCredentials.ts) and its client limits. */
export type SealedShopConnection = Pick<ShopRecord, 'id' | 'name' | 'baseUrl' | 'psVersion' | 'languageMap' | 'maxConcurrency' | 'maxRequestsPerSecond'> & {
  apiKeyEncrypted: string;
};

const CONNECTION_SQL = `SELECT id, name, base_url, ps_version, api_key_encrypted, language_map, max_concurrency, max_requests_per_second FROM shops`;

type ConnectionRow = {
  id: number;
  name: string;
  base_url: string;
  ps_version: string;
  api_key_encrypted: string;
  language_map: Record<string, number>;
  max_concurrency: number;
  max_requests_per_second: string;
};

const toConnection = (r: ConnectionRow): SealedShopConnection => ({
  id: r.id,
  name: r.name,
  baseUrl: r.base_url,
  psVersion: r.ps_version,
  apiKeyEncrypted: r.api_key_encrypted,
  languageMap: r.language_map ?? {},
  maxConcurrency: r.max_concurrency,
  maxRequestsPerSecond: Number(r.max_requests_per_second),
});

/** Null when the shop does not exist. */
export async function sealedShopConnection(sequelize: Sequelize, shopId: number): Promise<SealedShopConnection | null> {
  const [r] = await sequelize.query<ConnectionRow>(`${CONNECTION_SQL} WHERE id = $1`, { bind: [shopId], type: QueryTypes.SELECT });
  return r ? toConnection(r) : null;
}

/** Every active shop's connection, by id. */
export async function activeShopConnections(sequelize: Sequelize): Promise<SealedShopConnection[]> {
  return (await sequelize.query<ConnectionRow>(`${CONNECTION_SQL} WHERE active ORDER BY id`, { type: QueryTypes.SELECT })).map(toConnection);
}
