import type { Sequelize } from 'sequelize';
import { SecretBox } from '../crypto/secretBox';
import { erpCredentialsAad } from '../erp/erpCredentials';
import { shopApiKeyAad } from '../sync/shopCredentials';

/** How many envelopes `reencryptCredentials` re-sealed, per table. */
export interface RotationReport {
  shops: number;
  erpSources: number;
}

/**
 * `ppm keys rotate`: re-seals every stored credential whose envelope names a key other than the current one
 * (the first of ENCRYPTION_KEY), row by row in one transaction per table. Rows already on the current key are
 * left alone, so the command can be re-run. Old keys must stay in ENCRYPTION_KEY until this has run.
 */
export async function reencryptCredentials(sequelize: Sequelize, box: SecretBox): Promise<RotationReport> {
  const shops = await reseal(sequelize, box, 'shops', 'api_key_encrypted', shopApiKeyAad);
  const erpSources = await reseal(sequelize, box, 'erp_sources', 'credentials_encrypted', erpCredentialsAad);
  return { shops, erpSources };
}

async function reseal(sequelize: Sequelize, box: SecretBox, table: string, column: string, aad: (id: number) => string): Promise<number> {
  return sequelize.transaction(async (transaction) => {
    const [rows] = (await sequelize.query(`SELECT id, ${column} AS envelope FROM ${table} WHERE ${column} IS NOT NULL AND ${column} <> '' FOR UPDATE`, { transaction })) as [
      { id: number; envelope: string }[],
      unknown,
    ];
    let n = 0;
    for (const row of rows) {
      if (SecretBox.keyIdOf(row.envelope) === box.currentKeyId) continue;
      const sealed = box.encrypt(box.decrypt(row.envelope, aad(row.id)), aad(row.id));
      await sequelize.query(`UPDATE ${table} SET ${column} = $1, updated_at = now() WHERE id = $2`, { bind: [sealed, row.id], transaction });
      n++;
    }
    return n;
  });
}
