import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

/** Per-shop overrides; a non-null value wins over the central field for that shop. */
export class ProductShopData extends Model<InferAttributes<ProductShopData>, InferCreationAttributes<ProductShopData>> {
  declare id: CreationOptional<number>;
  declare productId: number;
  declare shopId: number;
  declare name: string | null;
  declare description: string | null;
  declare shortDescription: string | null;
  declare priceNet: string | null;
  declare active: boolean | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ProductShopData {
    return ProductShopData.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        productId: { type: DataTypes.INTEGER, allowNull: false },
        shopId: { type: DataTypes.INTEGER, allowNull: false },
        name: { type: DataTypes.STRING(255), allowNull: true },
        description: { type: DataTypes.TEXT, allowNull: true },
        shortDescription: { type: DataTypes.TEXT, allowNull: true },
        priceNet: { type: DataTypes.DECIMAL(15, 4), allowNull: true },
        active: { type: DataTypes.BOOLEAN, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'product_shop_data' },
    );
  }
}
