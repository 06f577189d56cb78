import type { Sequelize } from 'sequelize';

const BATCH = 10_000;

/**
 * Deletes the rows of `table` matching `condition` in batches of 10,000, so no sweep holds long locks; returns how
 * many. A batch is picked by `pick.key` (default the row's ctid), in `pick.orderBy` order when given (an index).
 */
export async function deleteInBatches(sequelize: Sequelize, table: string, condition: string, bind: unknown[], pick: { key?: string; orderBy?: string } = {}): Promise<number> {
  const key = pick.key ?? 'ctid';
  const order = pick.orderBy ? ` ORDER BY ${pick.orderBy}` : '';
  let total = 0;
  for (;;) {
    const [, meta] = (await sequelize.query(`DELETE FROM ${table} WHERE ${key} IN (SELECT ${key} FROM ${table} WHERE ${condition}${order} LIMIT ${BATCH})`, { bind })) as [unknown, { rowCount?: number }];
    const n = meta?.rowCount ?? 0;
    total += n;
    if (n < BATCH) return total;
  }
}
