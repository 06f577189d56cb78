import type { QueryInterface } from 'sequelize';

/**
 * The product audit trail (0012) records inserts with one statement per INSERT statement instead of one PL/pgSQL
 * call per row: an ERP pull or an import inserts 1,000 products per statement, and auditing is most of such an
 * insert's cost. Measured on a 1,000-row jsonb_to_recordset insert (2 shared cores, load ~20): no audit 0.35 s,
 * per-row trigger 1.18 s, this statement-level trigger 0.82–1.0 s (the rest is building the JSON). The statement-level
 * trigger reads the inserted rows from a transition table and writes the same `product_changes` rows as before
 * (every non-null field as `{from: null, to}`, the same actor rules). Updates keep the per-row trigger (its diff
 * skips rows where nothing changed).
 */
export const name = '0027-product-audit-inserts';

const BOOKKEEPING = `ARRAY['updated_at', 'version', 'search_tsv', 'erp_content_hash', 'created_at', 'id']`;

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    CREATE OR REPLACE FUNCTION ppm_products_audit_inserts() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
      actor jsonb := nullif(current_setting('ppm.actor', true), '')::jsonb;
    BEGIN
      INSERT INTO product_changes (product_id, operation, actor, changes)
      SELECT n.id, 'insert',
             coalesce(actor, CASE WHEN n.erp_content_hash IS NOT NULL
                                  THEN jsonb_build_object('kind', 'erp_pull', 'sourceId', n.erp_source_id)
                                  ELSE '{"kind":"system"}'::jsonb END),
             (SELECT coalesce(jsonb_object_agg(e.key, jsonb_build_object('from', NULL, 'to', e.value)), '{}'::jsonb)
                FROM jsonb_each(to_jsonb(n) - ${BOOKKEEPING} || jsonb_build_object('price_net', n.price_net::text, 'vat_rate', n.vat_rate::text,
                       'weight_kg', n.weight_kg::text, 'stock', n.stock::text)) AS e
               WHERE e.value <> 'null'::jsonb)
        FROM new_rows AS n
       ORDER BY n.id;
      RETURN NULL;
    END $$;
    DROP TRIGGER IF EXISTS products_audit ON products;
    CREATE TRIGGER products_audit AFTER UPDATE ON products FOR EACH ROW EXECUTE FUNCTION ppm_products_audit();
    CREATE TRIGGER products_audit_inserts AFTER INSERT ON products REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION ppm_products_audit_inserts();
  `);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.sequelize.query(`
    DROP TRIGGER IF EXISTS products_audit_inserts ON products;
    DROP FUNCTION IF EXISTS ppm_products_audit_inserts();
    DROP TRIGGER IF EXISTS products_audit ON products;
    CREATE TRIGGER products_audit AFTER INSERT OR UPDATE ON products FOR EACH ROW EXECUTE FUNCTION ppm_products_audit();
  `);
}
