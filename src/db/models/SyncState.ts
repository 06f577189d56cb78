import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

/** The ledger: one row per product × shop; what we last pushed and where it lives remotely. */
export class SyncState extends Model<InferAttributes<SyncState>, InferCreationAttributes<SyncState>> {
  declare productId: number;
  declare shopId: number;
  declare remoteId: number | null;
  declare payloadHash: string | null;
  declare lastPushedAt: Date | null;
  declare lastErrorCode: string | null;
  declare lastErrorMessage: string | null;
  declare lastErrorAt: Date | null;
  declare compensationFailed: CreationOptional<boolean>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof SyncState {
    return SyncState.init(
      {
        productId: { type: DataTypes.INTEGER, primaryKey: true },
        shopId: { type: DataTypes.INTEGER, primaryKey: true },
        remoteId: { type: DataTypes.INTEGER, allowNull: true },
        payloadHash: { type: DataTypes.CHAR(64), allowNull: true },
        lastPushedAt: { type: DataTypes.DATE, allowNull: true },
        lastErrorCode: { type: DataTypes.STRING(64), allowNull: true },
        lastErrorMessage: { type: DataTypes.TEXT, allowNull: true },
        lastErrorAt: { type: DataTypes.DATE, allowNull: true },
        compensationFailed: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'sync_state', createdAt: false },
    );
  }
}
