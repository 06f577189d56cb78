import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { NewShop, SealedApiKey, ShopRecord, ShopSettingsWrite } from './shopRecord';

type Writable = ShopSettingsWrite & Partial<SealedApiKey>;

const COLUMN: Record<keyof Writable, string> = {
  name: 'name',
  baseUrl: 'base_url',
  psVersion: 'ps_version',
  languageMap: 'language_map',
  taxRulesMap: 'tax_rules_map',
  missingTranslation: 'missing_translation',
  rootCategoryId: 'root_category_id',
  maxConcurrency: 'max_concurrency',
  maxRequestsPerSecond: 'max_requests_per_second',
  active: 'active',
  apiKeyEncrypted: 'api_key_encrypted',
  apiKeyHint: 'api_key_hint',
};

const RECORD_COLUMNS = `id, name, base_url, ps_version, api_key_hint, language_map, tax_rules_map, missing_translation, root_category_id,
  max_concurrency, max_requests_per_second, active, created_at, updated_at`;

interface Row {
  id: number;
  name: string;
  base_url: string;
  ps_version: string;
  api_key_hint: string;
  language_map: Record<string, number>;
  tax_rules_map: Record<string, number>;
  missing_translation: ShopRecord['missingTranslation'];
  root_category_id: number;
  max_concurrency: number;
  max_requests_per_second: string;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

function toRecord(r: Row): ShopRecord {
  return {
    id: r.id,
    name: r.name,
    baseUrl: r.base_url,
    psVersion: r.ps_version,
    apiKeyHint: r.api_key_hint,
    languageMap: r.language_map,
    taxRulesMap: r.tax_rules_map,
    missingTranslation: r.missing_translation,
    rootCategoryId: r.root_category_id,
    maxConcurrency: r.max_concurrency,
    maxRequestsPerSecond: Number(r.max_requests_per_second),
    active: r.active,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The columns and bind values of the fields present (maps as JSONB). */
function assignments(fields: Writable): { columns: string[]; values: string[]; bind: unknown[] } {
  const columns: string[] = [];
  const values: string[] = [];
  const bind: unknown[] = [];
  for (const [key, value] of Object.entries(fields) as [keyof Writable, unknown][]) {
    if (value === undefined) continue;
    const json = key === 'languageMap' || key === 'taxRulesMap';
    bind.push(json ? JSON.stringify(value) : value);
    columns.push(COLUMN[key]);
    values.push(`$${bind.length}${json ? '::jsonb' : ''}`);
  }
  return { columns, values, bind };
}

/** Every shop, by id. */
export async function listShops(sequelize: Sequelize): Promise<ShopRecord[]> {
  return (await sequelize.query<Row>(`SELECT ${RECORD_COLUMNS} FROM shops ORDER BY id`, { type: QueryTypes.SELECT })).map(toRecord);
}

/** The shops among `ids` (absent ones are left out). */
export async function findShops(sequelize: Sequelize, ids: readonly number[]): Promise<ShopRecord[]> {
  const rows = await sequelize.query<Row>(`SELECT ${RECORD_COLUMNS} FROM shops WHERE id = ANY($1::int[]) ORDER BY id`, { bind: [ids], type: QueryTypes.SELECT });
  return rows.map(toRecord);
}

export async function findShop(sequelize: Sequelize, id: number): Promise<ShopRecord | null> {
  return (await findShops(sequelize, [id]))[0] ?? null;
}

async function updateRow(sequelize: Sequelize, id: number, fields: Writable, transaction?: Transaction): Promise<ShopRecord | null> {
  const { columns, values, bind } = assignments(fields);
  if (!columns.length) return findShop(sequelize, id);
  const set = columns.map((c, i) => `${c} = ${values[i]}`).join(', ');
  const rows = await sequelize.query<Row>(`UPDATE shops SET ${set}, updated_at = now() WHERE id = $${bind.length + 1} RETURNING ${RECORD_COLUMNS}`, {
    bind: [...bind, id],
    type: QueryTypes.SELECT,
    transaction,
  });
  return rows[0] ? toRecord(rows[0]) : null;
}

/**
 * Registers a shop. Its API key is sealed bound to the row id, so the row is inserted (with a placeholder key)
 * and sealed by `seal` in one transaction. A taken name fails as PostgreSQL's unique violation (shops.name).
 */
export async function createShop(sequelize: Sequelize, shop: NewShop, seal: (row: { id: number; baseUrl: string }) => SealedApiKey): Promise<ShopRecord> {
  return sequelize.transaction(async (transaction) => {
    const { columns, values, bind } = assignments({ ...shop, apiKeyEncrypted: '', apiKeyHint: '' });
    const [row] = await sequelize.query<{ id: number }>(`INSERT INTO shops (${columns.join(', ')}) VALUES (${values.join(', ')}) RETURNING id`, { bind, type: QueryTypes.SELECT, transaction });
    return (await updateRow(sequelize, row.id, seal({ id: row.id, baseUrl: shop.baseUrl }), transaction))!;
  });
}

/** Changes the fields present; null when there is no such shop. A taken name fails as in createShop. */
export async function updateShop(sequelize: Sequelize, id: number, fields: ShopSettingsWrite & Partial<SealedApiKey>): Promise<ShopRecord | null> {
  return updateRow(sequelize, id, fields);
}

/** Removes shops (their per-shop data and ledger go with them); how many there were. */
export async function deleteShops(sequelize: Sequelize, ids: readonly number[]): Promise<number> {
  const rows = await sequelize.query(`DELETE FROM shops WHERE id = ANY($1::int[]) RETURNING id`, { bind: [ids], type: QueryTypes.SELECT });
  return rows.length;
}
