import type { ErpKind } from '../../connectors/erp/erpKind';
import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

/** A configured ERP (Subiekt GT or Dynamics BC). Credentials are AES-256-GCM ciphertext. */
export class ErpSourceRecord extends Model<InferAttributes<ErpSourceRecord>, InferCreationAttributes<ErpSourceRecord>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare kind: ErpKind;
  declare settings: CreationOptional<Record<string, unknown>>;
  declare credentialsEncrypted: string | null;
  declare credentialsHint: string | null;
  /** Canonical fields this ERP owns; a pull never writes any other field. */
  declare fieldOwnership: CreationOptional<string[]>;
  /** The central category this source's ERP groups are placed under (null: created on the first pull). */
  declare categoryParentId: CreationOptional<number | null>;
  declare active: CreationOptional<boolean>;
  declare lastPullAt: Date | null;
  /** Opaque connector cursor reading only what changed since the last pull (null: next pull is a full scan). */
  declare changesCursor: CreationOptional<string | null>;
  /** When the last full pull finished (automatic pulls do a full scan again once it is old enough). */
  declare lastFullPullAt: CreationOptional<Date | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ErpSourceRecord {
    return ErpSourceRecord.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        name: { type: DataTypes.STRING(200), allowNull: false, unique: true },
        kind: { type: DataTypes.STRING(16), allowNull: false },
        settings: { type: DataTypes.JSONB, allowNull: false, defaultValue: {} },
        credentialsEncrypted: { type: DataTypes.TEXT, allowNull: true },
        credentialsHint: { type: DataTypes.STRING(32), allowNull: true },
        fieldOwnership: { type: DataTypes.JSONB, allowNull: false, defaultValue: ['priceNet', 'vatRate', 'ean', 'stock'] },
        categoryParentId: { type: DataTypes.INTEGER, allowNull: true },
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        lastPullAt: { type: DataTypes.DATE, allowNull: true },
        changesCursor: { type: DataTypes.TEXT, allowNull: true },
        lastFullPullAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'erp_sources' },
    );
  }
}
