import type { Sequelize } from 'sequelize';
import { AuditLog } from './AuditLog';
import { Category } from './Category';
import { ErpSourceRecord } from './ErpSourceRecord';
import { Product } from './Product';
import { ProductCategory } from './ProductCategory';
import { ProductImage } from './ProductImage';
import { ProductShopData } from './ProductShopData';
import { RefreshToken } from './RefreshToken';
import { ServiceToken } from './ServiceToken';
import { Shop } from './Shop';
import { SyncHistory } from './SyncHistory';
import { SyncState } from './SyncState';
import { User } from './User';

export { AuditLog, Category, ErpSourceRecord, Product, ProductCategory, ProductImage, ProductShopData, RefreshToken, ServiceToken, Shop, SyncHistory, SyncState, User };

/** Registers every model and association on `sequelize` (idempotent per Sequelize instance). */
export function initModels(sequelize: Sequelize): void {
  if (sequelize.models.Product) return;
  for (const m of [User, Shop, ErpSourceRecord, Product, ProductShopData, Category, ProductCategory, ProductImage, SyncState, SyncHistory, AuditLog, RefreshToken, ServiceToken]) {
    m.initModel(sequelize);
  }
  Product.hasMany(ProductShopData, { foreignKey: 'productId', as: 'shopData' });
  Product.hasMany(ProductImage, { foreignKey: 'productId', as: 'images' });
  Product.belongsToMany(Category, { through: ProductCategory, foreignKey: 'productId', otherKey: 'categoryId', as: 'categories' });
  Category.belongsTo(Category, { foreignKey: 'parentId', as: 'parent' });
  Product.hasMany(SyncState, { foreignKey: 'productId', as: 'syncStates' });
}
