import pg from 'pg';
import { Sequelize } from 'sequelize';

// NUMERIC stays a string (exact money); BIGINT counts come back as JS numbers where they fit.
pg.types.setTypeParser(20, (v: string) => {
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : v;
});

export interface DatabaseOptions {
  url: string;
  poolMax: number;
  ssl: boolean;
  log?: (sql: string) => void;
}

export function createSequelize(opts: DatabaseOptions): Sequelize {
  return new Sequelize(opts.url, {
    dialect: 'postgres',
    dialectModule: pg,
    logging: opts.log ?? false,
    pool: { max: opts.poolMax, min: 0, idle: 10_000, acquire: 30_000 },
    dialectOptions: opts.ssl ? { ssl: { require: true, rejectUnauthorized: true } } : {},
    define: { underscored: true, timestamps: true, createdAt: 'created_at', updatedAt: 'updated_at' },
  });
}
