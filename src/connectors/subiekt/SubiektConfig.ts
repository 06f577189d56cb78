import { ConnectorError } from '../../errors/ConnectorError';

/**
 * Settings of one Subiekt GT source. Use a dedicated SQL login with read-only rights (db_datareader, or SELECT on
 * the tables named in subiektQueries.ts): the connector only ever sends SELECT statements, but least privilege
 * should not depend on that.
 */
export interface SubiektConfig {
  server: string;
  port?: number;
  /** Named instance (e.g. INSERTGT); tedious then asks SQL Browser (UDP 1434) for the port. */
  instanceName?: string;
  database: string;
  user: string;
  password: string;
  /** TLS to SQL Server (default true). On-premises servers often have self-signed certificates. */
  encrypt?: boolean;
  trustServerCertificate?: boolean;
  /** Price level 1–10 (tc_CenaNetto{N}/tc_CenaBrutto{N}); 0 only if explicitly allowed (its meaning varies). */
  priceLevel: number;
  allowPriceLevel0?: boolean;
  /** sl_Magazyn.mag_Id values whose available stock (st_Stan - st_StanRez) is summed. */
  warehouseIds: number[];
  /** Only products having this feature (sl_CechaTw.ctw_Id)… */
  onlyFeatureId?: number;
  /** …or this feature name (resolved to its id once). */
  onlyFeatureName?: string;
  /** Only products with tw_SklepInternet = 1. */
  onlyWebShop?: boolean;
  /** Currency reported when a price level has none (default PLN). */
  defaultCurrency?: string;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  poolMax?: number;
}

function configError(setting: string, message: string): ConnectorError {
  return new ConnectorError({ system: 'subiekt', code: 'CONFIGURATION', message: `Subiekt GT setting "${setting}": ${message}`, field: setting });
}

export function validateSubiektConfig(c: SubiektConfig): void {
  if (!c.server) throw configError('server', 'is required');
  if (!c.database) throw configError('database', 'is required');
  if (!c.user) throw configError('user', 'is required');
  const minLevel = c.allowPriceLevel0 ? 0 : 1;
  if (!Number.isInteger(c.priceLevel) || c.priceLevel < minLevel || c.priceLevel > 10) throw configError('priceLevel', `must be an integer ${minLevel}–10, got ${c.priceLevel}`);
  if (!Array.isArray(c.warehouseIds) || c.warehouseIds.length === 0) throw configError('warehouseIds', 'at least one warehouse (sl_Magazyn.mag_Id) is required');
  if (c.warehouseIds.length > 50) throw configError('warehouseIds', 'at most 50 warehouses');
  for (const id of c.warehouseIds) if (!Number.isInteger(id)) throw configError('warehouseIds', `not an integer id: ${id}`);
  if (c.onlyFeatureId !== undefined && !Number.isInteger(c.onlyFeatureId)) throw configError('onlyFeatureId', 'must be an integer');
  if (c.onlyFeatureId !== undefined && c.onlyFeatureName !== undefined) throw configError('onlyFeatureName', 'set either onlyFeatureId or onlyFeatureName, not both');
}
