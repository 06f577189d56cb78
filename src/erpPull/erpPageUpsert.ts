import { QueryTypes, type Sequelize } from 'sequelize';
import type { ErpProduct } from '../connectors/erp/ErpSource';
import { logger } from '../logging/logger';
import { ERP_OWNABLE_COLUMNS, type ErpOwnableField } from '../catalog/erpOwnedFields';

export interface ErpPageUpsertInput {
  sourceId: number;
  /** Fields this source owns (see src/catalog/erpOwnedFields.ts); only these are written on existing products. */
  owned: ErpOwnableField[];
  products: ErpProduct[];
  /** Set during a full pull: the page's external ids are recorded so vanished products can be found at the end. */
  pullId?: string | null;
}

export interface ErpPageUpsertResult {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Turned inactive because the ERP reports them blocked or deleted. */
  deactivated: number;
  /** Turned active again: a pull had deactivated them and the ERP no longer blocks them. */
  reactivated: number;
  /** Not written: the SKU belongs to a product of another ERP source, or a concurrent insert took it. */
  conflicts: number;
  /** Deleted in the ERP and never imported: nothing to do. */
  skippedDeleted: number;
  /** Catalogue ids of inserted or updated products. */
  changedIds: number[];
  /** External id → catalogue id of every product of the page now in the catalogue (for pictures). */
  productIdByExternalId: Record<string, number>;
}

interface ExistingRow {
  id: number;
  sku: string;
  erp_source_id: number | null;
  erp_external_id: string | null;
  erp_content_hash: string | null;
  status: string;
  erp_deactivated: boolean;
}

const DECIMAL = /^-?\d{1,11}(\.\d+)?$/;

/** A decimal string the column can hold, else null (a connector bug must not fail the whole page). */
function decimalOrNull(v: string | null, field: string, sku: string): string | null {
  if (v === null || v === undefined || v === '') return null;
  const t = String(v).trim();
  if (DECIMAL.test(t)) return t;
  logger.warn('ERP value is not a decimal; stored as empty', { field, sku });
  return null;
}

const cut = (v: string | null | undefined, max: number): string | null => (v == null ? null : v.slice(0, max));

/** The row shape of the page as handed to PostgreSQL (one JSONB parameter, read by jsonb_to_recordset). */
function toInputRow(p: ErpProduct, id: number | null) {
  return {
    id,
    external_id: p.externalId,
    sku: p.sku,
    name: cut(p.name?.trim() || p.sku, 255),
    description: p.description ?? null,
    ean: cut(p.ean, 32),
    unit: cut(p.unit, 16),
    price_net: decimalOrNull(p.priceNet, 'priceNet', p.sku),
    vat_rate: decimalOrNull(p.vatRate, 'vatRate', p.sku),
    currency: (p.currency || 'PLN').slice(0, 3).toUpperCase(),
    stock: decimalOrNull(p.stock, 'stock', p.sku) ?? '0',
    weight_kg: decimalOrNull(p.weightKg, 'weightKg', p.sku),
    hash: p.contentHash,
    gone: p.blocked || p.deleted,
  };
}

/** The counters of a page write that a pull adds up over its pages. */
export const ERP_WRITE_COUNTERS = ['inserted', 'updated', 'unchanged', 'deactivated', 'reactivated', 'conflicts'] as const;
export type ErpWriteCounts = Pick<ErpPageUpsertResult, (typeof ERP_WRITE_COUNTERS)[number]>;

/** Every write counter at zero: a page not written yet, or a pull before its first page. */
export function noErpWrites(): ErpWriteCounts {
  return { inserted: 0, updated: 0, unchanged: 0, deactivated: 0, reactivated: 0, conflicts: 0 };
}

/**
 * Writes one ERP page into the catalogue: one SELECT to find the page's products (by ERP reference, else by
 * SKU for products created in PPM before the ERP was linked), then ONE statement that updates the changed
 * rows, inserts the new ones and records the page as seen. Rows whose content hash is unchanged are not
 * written at all. On existing rows only the source's owned fields (plus the ERP link, hash and status) change.
 *
 * Status: blocked/deleted in the ERP turns an active product inactive (`erp_deactivated`); when the ERP
 * unblocks it, only a product the pull itself deactivated comes back. Archived products are never revived.
 */
export async function upsertErpPage(sequelize: Sequelize, input: ErpPageUpsertInput): Promise<ErpPageUpsertResult> {
  const { sourceId, owned, products } = input;
  const result: ErpPageUpsertResult = { ...noErpWrites(), skippedDeleted: 0, changedIds: [], productIdByExternalId: {} };
  if (products.length === 0) return result;

  // The last occurrence of an external id in a page wins (a page should not repeat one; be safe anyway).
  const byExternal = new Map<string, ErpProduct>();
  for (const p of products) byExternal.set(p.externalId, p);
  const page = [...byExternal.values()];

  // The pull's write side (issue #11: the page upsert lives in src/erpPull): this lookup and the write below read and write products.
  const existing = await sequelize.query<ExistingRow>(
    `SELECT id, sku, erp_source_id, erp_external_id, erp_content_hash, status, erp_deactivated
       FROM products
      WHERE (erp_source_id = $1 AND erp_external_id = ANY($2::text[])) OR sku = ANY($3::text[])`,
    { bind: [sourceId, page.map((p) => p.externalId), page.map((p) => p.sku)], type: QueryTypes.SELECT },
  );
  const linked = new Map<string, ExistingRow>();
  const bySku = new Map<string, ExistingRow>();
  for (const row of existing) {
    if (row.erp_source_id === sourceId && row.erp_external_id !== null) linked.set(row.erp_external_id, row);
    bySku.set(row.sku, row);
  }

  const rows: ReturnType<typeof toInputRow>[] = [];
  for (const p of page) {
    let match = linked.get(p.externalId);
    if (!match) {
      // Link by SKU: a product created in PPM before the ERP was linked, or re-created in the ERP under a
      // new id. A SKU owned by another ERP source is a conflict, reported and left alone.
      const sameSku = bySku.get(p.sku);
      if (sameSku && sameSku.erp_source_id !== null && sameSku.erp_source_id !== sourceId) {
        result.conflicts++;
        continue;
      }
      match = sameSku;
    }
    if (!match) {
      if (p.deleted) {
        result.skippedDeleted++;
        continue;
      }
      rows.push(toInputRow(p, null));
      continue;
    }
    result.productIdByExternalId[p.externalId] = match.id;
    if (match.erp_source_id === sourceId && match.erp_external_id === p.externalId && match.erp_content_hash === p.contentHash) {
      result.unchanged++;
      continue;
    }
    const gone = p.blocked || p.deleted;
    if (gone && match.status === 'active') result.deactivated++;
    if (!gone && match.erp_deactivated && match.status === 'inactive') result.reactivated++;
    rows.push(toInputRow(p, match.id));
  }

  const ownedSet = owned.map((f) => `${ERP_OWNABLE_COLUMNS[f]} = i.${ERP_OWNABLE_COLUMNS[f]}`);
  // One statement across owners: writes products and the pull's seen-list (erp_pull_seen) together.
  const written = await sequelize.query<{ id: number; external_id: string; op: 'inserted' | 'updated' }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS i(
         id int, external_id text, sku text, name text, description text, ean text, unit text,
         price_net numeric, vat_rate numeric, currency text, stock numeric, weight_kg numeric, hash text, gone boolean)
     ),
     seen AS (
       INSERT INTO erp_pull_seen (source_id, pull_id, external_id)
       SELECT $2, $3::text, e FROM jsonb_array_elements_text($4::jsonb) AS e WHERE $3::text IS NOT NULL
       ON CONFLICT DO NOTHING
     ),
     upd AS (
       UPDATE products p SET
         ${ownedSet.map((s) => `${s},`).join('\n         ')}
         erp_source_id = $2,
         erp_external_id = i.external_id,
         erp_content_hash = i.hash,
         status = CASE
           WHEN i.gone AND p.status = 'active' THEN 'inactive'
           WHEN NOT i.gone AND p.erp_deactivated AND p.status = 'inactive' THEN 'active'
           ELSE p.status END,
         erp_deactivated = CASE
           WHEN i.gone AND p.status = 'active' THEN TRUE
           WHEN NOT i.gone THEN FALSE
           ELSE p.erp_deactivated END,
         updated_at = now()
       FROM input i
       WHERE i.id IS NOT NULL AND p.id = i.id
         AND (p.erp_content_hash IS DISTINCT FROM i.hash OR p.erp_source_id IS DISTINCT FROM $2 OR p.erp_external_id IS DISTINCT FROM i.external_id)
       RETURNING p.id, i.external_id
     ),
     ins AS (
       INSERT INTO products (sku, name, description, ean, unit, price_net, vat_rate, currency, stock, weight_kg,
                             status, erp_deactivated, erp_source_id, erp_external_id, erp_content_hash)
       SELECT i.sku, i.name, i.description, i.ean, i.unit, i.price_net, i.vat_rate, i.currency, i.stock, i.weight_kg,
              CASE WHEN i.gone THEN 'inactive' ELSE 'active' END, i.gone, $2, i.external_id, i.hash
         FROM input i WHERE i.id IS NULL
       ON CONFLICT DO NOTHING
       RETURNING id, erp_external_id AS external_id
     )
     SELECT id, external_id, 'updated' AS op FROM upd
     UNION ALL
     SELECT id, external_id, 'inserted' AS op FROM ins`,
    {
      bind: [JSON.stringify(rows), sourceId, input.pullId ?? null, JSON.stringify(page.map((p) => p.externalId))],
      type: QueryTypes.SELECT,
    },
  );

  for (const w of written) {
    result.changedIds.push(w.id);
    result.productIdByExternalId[w.external_id] = w.id;
    if (w.op === 'inserted') result.inserted++;
    else result.updated++;
  }
  const attemptedInserts = rows.filter((r) => r.id === null).length;
  result.conflicts += attemptedInserts - result.inserted;
  // Rows changed by someone else between the SELECT and the write count as unchanged.
  result.unchanged += rows.length - attemptedInserts - result.updated;
  return result;
}
