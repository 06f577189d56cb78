import { QueryTypes, type Sequelize } from 'sequelize';
import type { ErpKind } from '../connectors/erp/erpKind';

export interface ErpSourceSummary {
  id: number;
  name: string;
  kind: ErpKind;
  active: boolean;
}

/** An ERP source's public face (no settings, no credentials); null when there is none. */
export async function findErpSourceSummary(sequelize: Sequelize, id: number): Promise<ErpSourceSummary | null> {
  const rows = await sequelize.query<ErpSourceSummary>(`SELECT id, name, kind, active FROM erp_sources WHERE id = $1`, { bind: [id], type: QueryTypes.SELECT });
  return rows[0] ?? null;
}
