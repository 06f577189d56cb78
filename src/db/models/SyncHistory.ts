import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';

export type SyncAction = 'create' | 'update' | 'delete' | 'skip' | 'compensate' | 'export' | 'pull';
export type SyncOutcome = 'success' | 'failed' | 'skipped';

/** One row per product × shop × job: what happened, for reports and audits. */
export class SyncHistory extends Model<InferAttributes<SyncHistory>, InferCreationAttributes<SyncHistory>> {
  declare id: CreationOptional<number>;
  declare jobId: string;
  declare runId: string | null;
  declare productId: number | null;
  declare shopId: number | null;
  declare action: SyncAction;
  declare outcome: SyncOutcome;
  declare errorCode: string | null;
  declare message: string | null;
  declare details: Record<string, unknown> | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof SyncHistory {
    return SyncHistory.init(
      {
        id: { type: DataTypes.BIGINT, primaryKey: true, autoIncrement: true },
        jobId: { type: DataTypes.STRING(255), allowNull: false },
        runId: { type: DataTypes.STRING(64), allowNull: true },
        productId: { type: DataTypes.INTEGER, allowNull: true },
        shopId: { type: DataTypes.INTEGER, allowNull: true },
        action: { type: DataTypes.STRING(16), allowNull: false },
        outcome: { type: DataTypes.STRING(16), allowNull: false },
        errorCode: { type: DataTypes.STRING(64), allowNull: true },
        message: { type: DataTypes.TEXT, allowNull: true },
        details: { type: DataTypes.JSONB, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'sync_history', updatedAt: false },
    );
  }
}
