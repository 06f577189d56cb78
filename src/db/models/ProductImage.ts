import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

export class ProductImage extends Model<InferAttributes<ProductImage>, InferCreationAttributes<ProductImage>> {
  declare id: CreationOptional<number>;
  declare productId: number;
  declare position: CreationOptional<number>;
  declare isMain: CreationOptional<boolean>;
  declare contentType: string;
  declare data: Buffer | null;
  declare sourceUrl: string | null;
  declare sha256: string;
  declare erpPictureId: string | null;
  declare erpChangeToken: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ProductImage {
    return ProductImage.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        productId: { type: DataTypes.INTEGER, allowNull: false },
        position: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
        isMain: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        contentType: { type: DataTypes.STRING(64), allowNull: false },
        data: { type: DataTypes.BLOB, allowNull: true },
        sourceUrl: { type: DataTypes.STRING(1000), allowNull: true },
        sha256: { type: DataTypes.CHAR(64), allowNull: false },
        erpPictureId: { type: DataTypes.STRING(64), allowNull: true },
        erpChangeToken: { type: DataTypes.STRING(64), allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'product_images' },
    );
  }
}
