import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

/** A PrestaShop shop. `apiKeyEncrypted` is AES-256-GCM ciphertext (crypto/secretBox.ts); never returned by the API. */
export class Shop extends Model<InferAttributes<Shop>, InferCreationAttributes<Shop>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare baseUrl: string;
  declare psVersion: CreationOptional<string>;
  declare apiKeyEncrypted: string;
  declare apiKeyHint: string;
  /** PPM language code -> PrestaShop language id, e.g. { "pl": 1, "en": 2 }. */
  declare languageMap: CreationOptional<Record<string, number>>;
  /** VAT rate ("23") -> PrestaShop id_tax_rules_group. */
  declare taxRulesMap: CreationOptional<Record<string, number>>;
  declare maxConcurrency: CreationOptional<number>;
  declare maxRequestsPerSecond: CreationOptional<string>;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof Shop {
    return Shop.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        name: { type: DataTypes.STRING(200), allowNull: false, unique: true },
        baseUrl: { type: DataTypes.STRING(500), allowNull: false },
        psVersion: { type: DataTypes.STRING(16), allowNull: false, defaultValue: '8' },
        apiKeyEncrypted: { type: DataTypes.TEXT, allowNull: false },
        apiKeyHint: { type: DataTypes.STRING(16), allowNull: false },
        languageMap: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        taxRulesMap: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        maxConcurrency: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 4 },
        maxRequestsPerSecond: { type: DataTypes.DECIMAL(8, 2), allowNull: false, defaultValue: '20' }, // reasoning: migration 0007
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'shops' },
    );
  }
}
