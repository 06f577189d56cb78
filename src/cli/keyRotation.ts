import type { Sequelize } from 'sequelize';
import { SecretBox } from '../crypto/secretBox';
import { erpCredentialsAad, legacyErpCredentialsAad } from '../erpPull/erpCredentials';
import type { ErpKind } from '../connectors/erp/erpKind';
import { legacyShopApiKeyAad, shopApiKeyAad } from '../shops/shopCredentials';

/** How many envelopes `reencryptCredentials` re-sealed, per table. */
export interface RotationReport {
  shops: number;
  erpSources: number;
}

/**
 * `ppm keys rotate`: re-seals every stored credential whose envelope names a key other than the current one
 * (the first of ENCRYPTION_KEY), row by row in one transaction per table. Rows already on the current key are
 * left alone, so the command can be re-run. Old keys must stay in ENCRYPTION_KEY until this has run.
 * Envelopes sealed before credentials were bound to their endpoint are re-sealed bound to the row's current
 * endpoint (the operator running this vouches for the stored endpoints).
 */
export async function reencryptCredentials(sequelize: Sequelize, box: SecretBox): Promise<RotationReport> {
  const shops = await reseal(sequelize, box, 'shops', 'api_key_encrypted', 'base_url', (r) => [shopApiKeyAad({ id: r.id, baseUrl: r.base_url as string }), legacyShopApiKeyAad(r.id)]);
  const erpSources = await reseal(sequelize, box, 'erp_sources', 'credentials_encrypted', 'kind, settings', (r) => [
    erpCredentialsAad({ id: r.id, kind: r.kind as ErpKind, settings: r.settings as Record<string, unknown> | null }),
    legacyErpCredentialsAad(r.id),
  ]);
  return { shops, erpSources };
}

type Row = { id: number; envelope: string } & Record<string, unknown>;

/** `aads(row)`: the current associated data first, then the legacy one accepted for re-sealing only. */
async function reseal(sequelize: Sequelize, box: SecretBox, table: string, column: string, bindingColumns: string, aads: (row: Row) => [string, string]): Promise<number> {
  return sequelize.transaction(async (transaction) => {
    const [rows] = (await sequelize.query(`SELECT id, ${bindingColumns}, ${column} AS envelope FROM ${table} WHERE ${column} IS NOT NULL AND ${column} <> '' FOR UPDATE`, { transaction })) as [
      Row[],
      unknown,
    ];
    let n = 0;
    for (const row of rows) {
      const [current, legacy] = aads(row);
      let plain: string;
      try {
        plain = box.decrypt(row.envelope, current);
        if (SecretBox.keyIdOf(row.envelope) === box.currentKeyId) continue;
      } catch (e) {
        try {
          plain = box.decrypt(row.envelope, legacy);
        } catch {
          throw e;
        }
      }
      const sealed = box.encrypt(plain, current);
      await sequelize.query(`UPDATE ${table} SET ${column} = $1, updated_at = now() WHERE id = $2`, { bind: [sealed, row.id], transaction });
      n++;
    }
    return n;
  });
}
