import { type CreationOptional, DataTypes, type InferAttributes, type InferCreationAttributes, Model, type Sequelize } from 'sequelize';
import type { Role } from '../../auth/role';

/** A named machine credential with a role and an expiry; only the token's SHA-256 is stored. */
export class ServiceToken extends Model<InferAttributes<ServiceToken>, InferCreationAttributes<ServiceToken>> {
  declare id: CreationOptional<number>;
  declare name: string;
  declare role: Role;
  declare tokenHash: string;
  /** The token's first characters, to recognise it in a list (never enough to use it). */
  declare tokenHint: string;
  declare createdBy: number | null;
  /** The service token that minted this one (revoking it revokes this one too). */
  declare createdByToken: CreationOptional<number | null>;
  declare expiresAt: Date;
  declare revokedAt: Date | null;
  declare lastUsedAt: Date | null;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): typeof ServiceToken {
    return ServiceToken.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        name: { type: DataTypes.STRING(100), allowNull: false },
        role: { type: DataTypes.STRING(16), allowNull: false },
        tokenHash: { type: DataTypes.CHAR(64), allowNull: false, unique: true },
        tokenHint: { type: DataTypes.STRING(16), allowNull: false },
        createdBy: { type: DataTypes.INTEGER, allowNull: true },
        createdByToken: { type: DataTypes.INTEGER, allowNull: true },
        expiresAt: { type: DataTypes.DATE, allowNull: false },
        revokedAt: { type: DataTypes.DATE, allowNull: true },
        lastUsedAt: { type: DataTypes.DATE, allowNull: true },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'service_tokens', updatedAt: false },
    );
  }
}
