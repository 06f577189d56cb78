import type { Sequelize } from 'sequelize';

const BATCH = 10_000;

/** Deletes the rows of `table` matching `condition` in batches of 10,000, so no sweep holds long locks; returns how many. */
export async function deleteInBatches(sequelize: Sequelize, table: string, condition: string, bind: unknown[]): Promise<number> {
  let total = 0;
  for (;;) {
    const [, meta] = (await sequelize.query(`DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${condition} LIMIT ${BATCH})`, { bind })) as [unknown, { rowCount?: number }];
    const n = meta?.rowCount ?? 0;
    total += n;
    if (n < BATCH) return total;
  }
}
