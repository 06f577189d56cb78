import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

export type ProductStatus = 'active' | 'inactive' | 'archived';

/** The central catalogue's product. Money and quantities are DECIMAL, read back as exact strings. */
export class Product extends Model<InferAttributes<Product>, InferCreationAttributes<Product>> {
  declare id: CreationOptional<number>;
  declare sku: string;
  declare name: string;
  declare description: string | null;
  declare shortDescription: string | null;
  declare ean: string | null;
  declare unit: string | null;
  declare priceNet: string | null;
  declare vatRate: string | null;
  declare currency: CreationOptional<string>;
  declare weightKg: string | null;
  declare stock: CreationOptional<string>;
  declare status: CreationOptional<ProductStatus>;
  declare erpSourceId: number | null;
  declare erpExternalId: string | null;
  declare erpContentHash: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Product {
    return Product.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        sku: { type: DataTypes.STRING(64), allowNull: false, unique: true },
        name: { type: DataTypes.STRING(255), allowNull: false },
        description: { type: DataTypes.TEXT, allowNull: true },
        shortDescription: { type: DataTypes.TEXT, allowNull: true },
        ean: { type: DataTypes.STRING(32), allowNull: true },
        unit: { type: DataTypes.STRING(16), allowNull: true },
        priceNet: { type: DataTypes.DECIMAL(15, 4), allowNull: true },
        vatRate: { type: DataTypes.DECIMAL(5, 2), allowNull: true },
        currency: { type: DataTypes.CHAR(3), allowNull: false, defaultValue: 'PLN' },
        weightKg: { type: DataTypes.DECIMAL(12, 4), allowNull: true },
        stock: { type: DataTypes.DECIMAL(15, 4), allowNull: false, defaultValue: '0' },
        status: { type: DataTypes.STRING(16), allowNull: false, defaultValue: 'active' },
        erpSourceId: { type: DataTypes.INTEGER, allowNull: true },
        erpExternalId: { type: DataTypes.STRING(64), allowNull: true },
        erpContentHash: { type: DataTypes.CHAR(64), allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'products' },
    );
  }
}
