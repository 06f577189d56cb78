import { QueryTypes, type Sequelize } from 'sequelize';
import type { FieldChange } from '../sync/fieldDiff';
import type { PlannedAction, UndoStep } from '../sync/pushItem';
import type { ShopProductPayload } from '../sync/shopPayload';
import type { ProductFilter } from '../../workflows/syncTypes';

export interface SelectionRow {
  seq: number;
  productId: number;
}

export interface StoredPlanItem {
  shopId: number;
  productId: number;
  seq: number;
  action: PlannedAction;
  remoteId: number | null;
  changes: FieldChange[];
  payload: ShopProductPayload | null;
  payloadHash: string | null;
}

export interface StoredUndo {
  productId: number;
  shopId: number;
  step: UndoStep;
  prevLedger: { remoteId: number | null; payloadHash: string | null } | null;
}

export interface FailureRow {
  id: number;
  productId: number | null;
  shopId: number | null;
  action: string;
  code: string;
  message: string;
  at: string;
}

const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * An RFC 3339 time PostgreSQL reads (else the same instant in UTC): it refuses offsets beyond ±15:59 (RFC 3339 allows up to
 * 23:59) and years outside 1..9999 need other syntax; clamping there changes no answer for `updated_at`.
 */
function utcInstant(rfc3339: string): string {
  const offsetHours = /[+-](\d{2}):\d{2}$/.exec(rfc3339)?.[1];
  if (Number(offsetHours ?? 0) <= 15 && Number(rfc3339.slice(0, 4)) >= 1) return rfc3339; // as written (microseconds kept)
  return new Date(Math.min(Math.max(Date.parse(rfc3339), EARLIEST), LATEST)).toISOString();
}

/** SQL conditions (on `products p`) for a catalogue filter; values are appended to `bind`. */
function filterWhere(filter: ProductFilter, bind: unknown[]): string[] {
  const where: string[] = [];
  const add = (sql: string, v: unknown) => {
    bind.push(v);
    where.push(sql.replace('?', `$${bind.length}`));
  };
  if (filter.status) add('p.status = ?', filter.status);
  if (filter.skuPrefix) add(`p.sku LIKE ? || '%'`, filter.skuPrefix.replace(/[\\%_]/g, (c) => `\\${c}`));
  if (filter.erpSourceId !== undefined) add('p.erp_source_id = ?', filter.erpSourceId);
  if (filter.updatedSince) add('p.updated_at >= ?::timestamptz', utcInstant(filter.updatedSince));
  if (filter.categoryId !== undefined) add('EXISTS (SELECT 1 FROM product_categories pc WHERE pc.product_id = p.id AND pc.category_id = ?)', filter.categoryId);
  return where;
}

/** Data access for job-scoped tables (selection, failures, preview plans, undo log, export rows). */
export class JobStore {
  constructor(private readonly sequelize: Sequelize) {}

  // ---- selection ------------------------------------------------------------------------------------------

  /** Stores an explicit id list under a job (first writer wins: a repeated request keeps the first list). */
  async storeSelection(jobId: string, productIds: number[]): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO job_selection (job_id, seq, product_id)
       SELECT $1, t.ord::int - 1, t.pid FROM unnest($2::int[]) WITH ORDINALITY AS t(pid, ord)
       ON CONFLICT DO NOTHING`,
      { bind: [jobId, productIds] },
    );
  }

  /** Materialises a catalogue filter into the job's selection (ordered by product id); idempotent. */
  async materializeFilter(jobId: string, filter: ProductFilter): Promise<void> {
    if (await this.selectionSize(jobId)) return;
    const bind: unknown[] = [jobId];
    const where = filterWhere(filter, bind);
    await this.sequelize.query(
      `INSERT INTO job_selection (job_id, seq, product_id)
       SELECT $1, (row_number() OVER (ORDER BY p.id))::int - 1, p.id FROM products p
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ON CONFLICT DO NOTHING`,
      { bind },
    );
  }

  /** How many products a catalogue filter selects right now (the API caps filter-based jobs with it). */
  async countFilter(filter: ProductFilter): Promise<number> {
    const bind: unknown[] = [];
    const where = filterWhere(filter, bind);
    const [r] = await this.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM products p ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`, {
      bind,
      type: QueryTypes.SELECT,
    });
    return r?.n ?? 0;
  }

  async selectionSize(jobId: string): Promise<number> {
    const [r] = await this.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_selection WHERE job_id = $1`, {
      bind: [jobId],
      type: QueryTypes.SELECT,
    });
    return r?.n ?? 0;
  }

  async selectionRange(jobId: string, fromSeq: number, toSeq: number): Promise<SelectionRow[]> {
    return this.sequelize.query<SelectionRow>(
      `SELECT seq, product_id AS "productId" FROM job_selection WHERE job_id = $1 AND seq >= $2 AND seq < $3 ORDER BY seq`,
      { bind: [jobId, fromSeq, toSeq], type: QueryTypes.SELECT },
    );
  }

  async skus(productIds: number[]): Promise<Map<number, string>> {
    if (productIds.length === 0) return new Map();
    const rows = await this.sequelize.query<{ id: number; sku: string }>(`SELECT id, sku FROM products WHERE id = ANY($1::int[])`, {
      bind: [productIds],
      type: QueryTypes.SELECT,
    });
    return new Map(rows.map((r) => [r.id, r.sku]));
  }

  // ---- preview plans --------------------------------------------------------------------------------------

  async storePlanItem(jobId: string, item: StoredPlanItem): Promise<void> {
    await this.sequelize.query(
      `INSERT INTO job_plan_items (job_id, shop_id, product_id, seq, action, remote_id, changes, payload, payload_hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb, $9)
       ON CONFLICT (job_id, shop_id, product_id) DO UPDATE SET action = EXCLUDED.action, remote_id = EXCLUDED.remote_id,
         changes = EXCLUDED.changes, payload = EXCLUDED.payload, payload_hash = EXCLUDED.payload_hash`,
      {
        bind: [
          jobId,
          item.shopId,
          item.productId,
          item.seq,
          item.action,
          item.remoteId,
          JSON.stringify(item.changes),
          item.payload ? JSON.stringify(item.payload) : null,
          item.payloadHash,
        ],
      },
    );
  }

  async planRange(jobId: string, shopId: number, fromSeq: number, toSeq: number): Promise<StoredPlanItem[]> {
    return this.sequelize.query<StoredPlanItem>(
      `SELECT shop_id AS "shopId", product_id AS "productId", seq, action, remote_id AS "remoteId", changes, payload,
              payload_hash AS "payloadHash"
         FROM job_plan_items WHERE job_id = $1 AND shop_id = $2 AND seq >= $3 AND seq < $4 ORDER BY seq`,
      { bind: [jobId, shopId, fromSeq, toSeq], type: QueryTypes.SELECT },
    );
  }

  async markPlanApplied(jobId: string, shopId: number, productId: number): Promise<void> {
    await this.sequelize.query(`UPDATE job_plan_items SET applied_at = now() WHERE job_id = $1 AND shop_id = $2 AND product_id = $3`, {
      bind: [jobId, shopId, productId],
    });
  }

  /** One page of a job's plan (the preview the user confirms), optionally only actual changes. */
  async planPage(jobId: string, opts: { limit: number; offset: number; onlyChanges: boolean; shopId?: number }): Promise<{ total: number; items: StoredPlanItem[] }> {
    const filters = [`job_id = $1`];
    const bind: unknown[] = [jobId];
    if (opts.onlyChanges) filters.push(`action <> 'skip'`);
    if (opts.shopId !== undefined) {
      bind.push(opts.shopId);
      filters.push(`shop_id = $${bind.length}`);
    }
    const where = filters.join(' AND ');
    const [c] = await this.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_plan_items WHERE ${where}`, { bind, type: QueryTypes.SELECT });
    const items = await this.sequelize.query<StoredPlanItem>(
      `SELECT shop_id AS "shopId", product_id AS "productId", seq, action, remote_id AS "remoteId", changes, NULL AS payload,
              payload_hash AS "payloadHash"
         FROM job_plan_items WHERE ${where} ORDER BY seq, shop_id LIMIT ${Math.trunc(opts.limit)} OFFSET ${Math.trunc(opts.offset)}`,
      { bind, type: QueryTypes.SELECT },
    );
    return { total: c?.n ?? 0, items };
  }

  // ---- undo log (bulk compensation) -----------------------------------------------------------------------

  /** Logs how to undo a write before it happens; only the first step per item counts (the pre-job state). */
  async logUndo(jobId: string, u: StoredUndo): Promise<void> {
    const s = u.step;
    await this.sequelize.query(
      `INSERT INTO job_undo_log (job_id, shop_id, product_id, kind, reference, remote_id, before_image, prev_ledger)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb, $8::jsonb) ON CONFLICT DO NOTHING`,
      {
        bind: [
          jobId,
          u.shopId,
          u.productId,
          s.kind,
          s.reference,
          s.kind === 'recreate' ? null : s.remoteId,
          s.kind === 'delete' ? null : JSON.stringify(s.before),
          u.prevLedger ? JSON.stringify(u.prevLedger) : null,
        ],
      },
    );
  }

  /** A create's remote id, once known (so compensation deletes by id rather than by reference). */
  async setUndoRemoteId(jobId: string, shopId: number, productId: number, remoteId: number): Promise<void> {
    await this.sequelize.query(
      `UPDATE job_undo_log SET remote_id = $4 WHERE job_id = $1 AND shop_id = $2 AND product_id = $3 AND kind = 'delete' AND remote_id IS NULL`,
      { bind: [jobId, shopId, productId, remoteId] },
    );
  }

  /** Pending undo steps of one shop, newest first. */
  async pendingUndos(jobId: string, shopId: number, limit: number): Promise<StoredUndo[]> {
    const rows = await this.sequelize.query<{
      productId: number;
      shopId: number;
      kind: UndoStep['kind'];
      reference: string;
      remoteId: number | null;
      before: ShopProductPayload | null;
      prevLedger: StoredUndo['prevLedger'];
    }>(
      `SELECT product_id AS "productId", shop_id AS "shopId", kind, reference, remote_id AS "remoteId", before_image AS before,
              prev_ledger AS "prevLedger"
         FROM job_undo_log WHERE job_id = $1 AND shop_id = $2 AND state = 'pending' ORDER BY id DESC LIMIT $3`,
      { bind: [jobId, shopId, limit], type: QueryTypes.SELECT },
    );
    return rows.map((r) => ({
      productId: r.productId,
      shopId: r.shopId,
      prevLedger: r.prevLedger,
      step:
        r.kind === 'delete'
          ? { kind: 'delete', reference: r.reference, remoteId: r.remoteId }
          : r.kind === 'restore'
            ? { kind: 'restore', reference: r.reference, remoteId: r.remoteId!, before: r.before! }
            : { kind: 'recreate', reference: r.reference, before: r.before! },
    }));
  }

  async markUndo(jobId: string, shopId: number, productId: number, state: 'done' | 'failed'): Promise<void> {
    await this.sequelize.query(`UPDATE job_undo_log SET state = $4 WHERE job_id = $1 AND shop_id = $2 AND product_id = $3`, {
      bind: [jobId, shopId, productId, state],
    });
  }

  // ---- failures -------------------------------------------------------------------------------------------

  async failuresPage(jobId: string, limit: number, afterId: number): Promise<{ total: number; items: FailureRow[] }> {
    const [c] = await this.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_failures WHERE job_id = $1`, {
      bind: [jobId],
      type: QueryTypes.SELECT,
    });
    const items = await this.sequelize.query<FailureRow>(
      `SELECT id::int AS id, product_id AS "productId", shop_id AS "shopId", action, code, message, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at
         FROM job_failures WHERE job_id = $1 AND id > $2 ORDER BY id LIMIT $3`,
      { bind: [jobId, afterId, limit], type: QueryTypes.SELECT },
    );
    return { total: c?.n ?? 0, items };
  }

  // ---- export rows ----------------------------------------------------------------------------------------

  async storeExportRows(jobId: string, rows: Array<{ seq: number; row: unknown }>): Promise<void> {
    if (rows.length === 0) return;
    await this.sequelize.query(
      `INSERT INTO job_export_rows (job_id, seq, row)
       SELECT $1, s, r FROM unnest($2::int[], $3::jsonb[]) AS t(s, r) ON CONFLICT DO NOTHING`,
      { bind: [jobId, rows.map((r) => r.seq), rows.map((r) => JSON.stringify(r.row))] },
    );
  }

  async exportRows(jobId: string, afterSeq: number, limit: number): Promise<Array<{ seq: number; row: Record<string, unknown> }>> {
    return this.sequelize.query<{ seq: number; row: Record<string, unknown> }>(
      `SELECT seq, row FROM job_export_rows WHERE job_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      { bind: [jobId, afterSeq, limit], type: QueryTypes.SELECT },
    );
  }

  async exportRowCount(jobId: string): Promise<number> {
    const [r] = await this.sequelize.query<{ n: number }>(`SELECT count(*)::int AS n FROM job_export_rows WHERE job_id = $1`, {
      bind: [jobId],
      type: QueryTypes.SELECT,
    });
    return r?.n ?? 0;
  }
}
