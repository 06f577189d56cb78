import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

export class ProductCategory extends Model<InferAttributes<ProductCategory>, InferCreationAttributes<ProductCategory>> {
  declare productId: number;
  declare categoryId: number;
  declare isPrimary: CreationOptional<boolean>;

  static initModel(sequelize: Sequelize): typeof ProductCategory {
    return ProductCategory.init(
      {
        productId: { type: DataTypes.INTEGER, primaryKey: true },
        categoryId: { type: DataTypes.INTEGER, primaryKey: true },
        isPrimary: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
      },
      { sequelize, tableName: 'product_categories', timestamps: false },
    );
  }
}
