import type { Sequelize } from 'sequelize';
import { AuditLog } from './AuditLog';
import { ErpSourceRecord } from './ErpSourceRecord';
import { Product } from './Product';
import { RefreshToken } from './RefreshToken';
import { ServiceToken } from './ServiceToken';
import { User } from './User';

export { AuditLog, ErpSourceRecord, Product, RefreshToken, ServiceToken, User };

/**
 * Registers every model on `sequelize` (idempotent per Sequelize instance). Models serve auth, the ERP source admin
 * routes and test fixtures; the shops (src/shops/), the catalogue and the two flows use SQL in their own folders.
 */
export function initModels(sequelize: Sequelize): void {
  if (sequelize.models.Product) return;
  for (const m of [User, ErpSourceRecord, Product, AuditLog, RefreshToken, ServiceToken]) {
    m.initModel(sequelize);
  }
}
