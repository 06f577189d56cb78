import type { Sequelize } from 'sequelize';
import { AuditLog } from './AuditLog';
import { ErpSourceRecord } from './ErpSourceRecord';
import { RefreshToken } from './RefreshToken';
import { ServiceToken } from './ServiceToken';
import { User } from './User';

export { AuditLog, ErpSourceRecord, RefreshToken, ServiceToken, User };

/**
 * Registers every model on `sequelize` (idempotent per Sequelize instance). Models serve auth and the ERP source admin
 * routes; the shops (src/shops/), the catalogue and the two flows use SQL in their own folders.
 */
export function initModels(sequelize: Sequelize): void {
  if (sequelize.models.User) return;
  for (const m of [User, ErpSourceRecord, AuditLog, RefreshToken, ServiceToken]) {
    m.initModel(sequelize);
  }
}
