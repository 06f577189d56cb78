import type { Sequelize } from 'sequelize';
import { QueryTypes } from 'sequelize';
import type { Config } from '../../src/config/env';
import { SecretBox } from '../../src/crypto/secretBox';
import { encryptErpCredentials } from '../../src/erpPull/erpCredentials';
import { type DynamicsSimulator, startDynamicsSimulator } from '../../src/simulators/dynamics/startDynamicsSimulator';
import type { SqlServerSimulator } from '../../src/simulators/sqlserver/sqlServerSimulator';

/** A Business Central simulator and an `erp_sources` row pointing at it (credentials sealed like the admin API does). */
export interface DynamicsSourceFixture {
  sim: DynamicsSimulator;
  sourceId: number;
  stop(): Promise<void>;
}

export async function createDynamicsSource(
  sequelize: Sequelize,
  config: Config,
  opts: { name: string; items: number; fieldOwnership?: string[]; pictureShare?: number; skuPrefix?: string },
): Promise<DynamicsSourceFixture> {
  const sim = await startDynamicsSimulator({ seed: { items: opts.items, pictureShare: opts.pictureShare ?? 0.1 } });
  if (opts.skuPrefix) {
    // Every simulator seeds the same item numbers; SKUs are unique in the catalogue, so test files running in
    // parallel on one database give their items their own numbers (as two real ERPs would have).
    for (const { id: _id, number, ...rest } of await simControl<{ id: string; number: string }[]>(sim, 'GET', '/items')) {
      await simControl(sim, 'PUT', `/items/${encodeURIComponent(opts.skuPrefix + number)}`, rest);
      await simControl(sim, 'DELETE', `/items/${encodeURIComponent(number)}`);
    }
  }
  const settings = {
    tenantId: sim.tenantId,
    clientId: sim.clientId,
    environment: sim.environment,
    company: sim.companies[0].name,
    tokenUrl: sim.tokenUrl,
    apiBaseUrl: sim.apiBaseUrl,
  };
  const [row] = await sequelize.query<{ id: number }>(
    `INSERT INTO erp_sources (name, kind, settings, field_ownership) VALUES ($1, 'dynamics', $2::jsonb, $3::jsonb) RETURNING id`,
    { bind: [opts.name, JSON.stringify(settings), JSON.stringify(opts.fieldOwnership ?? ['priceNet', 'vatRate', 'ean', 'stock'])], type: QueryTypes.SELECT },
  );
  const sealed = encryptErpCredentials(new SecretBox(config.ENCRYPTION_KEY), { id: row.id, kind: 'dynamics', settings }, { clientSecret: sim.clientSecret });
  await sequelize.query(`UPDATE erp_sources SET credentials_encrypted = $2, credentials_hint = '••••' WHERE id = $1`, { bind: [row.id, sealed] });
  return {
    sim,
    sourceId: row.id,
    async stop() {
      await sim.stop();
    },
  };
}

/** A call to the simulator's control API (`/__sim/...`), as a BC user changing data would. */
export async function simControl<T = unknown>(sim: DynamicsSimulator, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${sim.controlUrl}${path}`, {
    method,
    headers: body === undefined ? undefined : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`simulator control ${method} ${path}: HTTP ${res.status}`);
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/**
 * An `erp_sources` row for Subiekt GT pointing at a SQL Server simulator (credentials sealed like the admin API
 * does); `settings` adds to the connection settings (price level, warehouses, pictures). Returns the source id.
 */
export async function createSubiektSource(
  sequelize: Sequelize,
  config: Config,
  sim: SqlServerSimulator,
  opts: { name: string; settings: Record<string, unknown>; categoryParentId?: number },
): Promise<number> {
  const settings = { server: sim.host, port: sim.port, database: sim.database, encrypt: false, trustServerCertificate: true, ...opts.settings };
  const [row] = await sequelize.query<{ id: number }>(
    `INSERT INTO erp_sources (name, kind, settings, category_parent_id) VALUES ($1, 'subiekt', $2::jsonb, $3) RETURNING id`,
    { bind: [opts.name, JSON.stringify(settings), opts.categoryParentId ?? null], type: QueryTypes.SELECT },
  );
  const sealed = encryptErpCredentials(new SecretBox(config.ENCRYPTION_KEY), { id: row.id, kind: 'subiekt', settings }, { user: sim.user, password: sim.password });
  await sequelize.query(`UPDATE erp_sources SET credentials_encrypted = $2 WHERE id = $1`, { bind: [row.id, sealed] });
  return row.id;
}
