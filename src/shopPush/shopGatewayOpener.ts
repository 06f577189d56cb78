import { QueryTypes, type Sequelize } from 'sequelize';
import type { SecretBox } from '../crypto/secretBox';
import { type OutboundPolicy, OutboundRefusedError } from '../net/outboundPolicy';
import { ConnectorError } from '../errors/ConnectorError';
import { prestaShopGateway } from './prestaShopGateway';
import { decryptShopApiKey } from './shopCredentials';
import type { ShopGateway } from './shopGateway';

/** Opens a gateway to one shop by id (reads and decrypts its connection settings). */
export type ShopGatewayOpener = (shopId: number) => Promise<ShopGateway>;

/** A shop's connection settings with its API key decrypted, after the outbound policy allowed its host (as resolved now). */
export interface ShopConnection {
  id: number;
  baseUrl: string;
  psVersion: string;
  apiKey: string;
  languageMap: Record<string, number>;
  maxConcurrency: number;
  maxRequestsPerSecond: number;
}

export async function readShopConnection(sequelize: Sequelize, box: SecretBox, outbound: OutboundPolicy, shopId: number): Promise<ShopConnection> {
  const [row] = await sequelize.query<{
    id: number;
    base_url: string;
    ps_version: string;
    api_key_encrypted: string;
    language_map: Record<string, number>;
    max_concurrency: number;
    max_requests_per_second: string;
  }>(
    `SELECT id, base_url, ps_version, api_key_encrypted, language_map, max_concurrency, max_requests_per_second FROM shops WHERE id = $1`,
    { bind: [shopId], type: QueryTypes.SELECT },
  );
  if (!row) throw new ConnectorError({ system: 'prestashop', code: 'CONFIGURATION', message: `shop ${shopId} does not exist` });
  try {
    await outbound.assertResolvedAllowed(new URL(row.base_url).hostname);
  } catch (e) {
    if (!(e instanceof OutboundRefusedError)) throw e;
    throw new ConnectorError({ system: 'prestashop', code: 'CONFIGURATION', message: `shop ${shopId} base URL refused: ${e.message}` });
  }
  let apiKey: string;
  try {
    apiKey = decryptShopApiKey(box, { id: row.id, baseUrl: row.base_url }, row.api_key_encrypted);
  } catch (e) {
    throw new ConnectorError({
      system: 'prestashop',
      code: 'CONFIGURATION',
      message: `the API key of shop ${shopId} cannot be decrypted (ENCRYPTION_KEY, or the base URL changed without the key being entered again): ${(e as Error).message}`,
    });
  }
  return {
    id: row.id,
    baseUrl: row.base_url,
    psVersion: row.ps_version,
    apiKey,
    languageMap: row.language_map ?? {},
    maxConcurrency: row.max_concurrency,
    maxRequestsPerSecond: Number(row.max_requests_per_second),
  };
}

/**
 * The production opener: shops table + SecretBox + the PrestaShop client. The shop's host is checked against
 * the outbound policy (as resolved now) before its key is decrypted or anything is sent.
 */
export function createShopGatewayOpener(sequelize: Sequelize, box: SecretBox, outbound: OutboundPolicy): ShopGatewayOpener {
  return async (shopId) => {
    const shop = await readShopConnection(sequelize, box, outbound, shopId);
    return prestaShopGateway({ shopId, baseUrl: shop.baseUrl, apiKey: shop.apiKey, psVersion: shop.psVersion }, shop.languageMap, {
      maxConcurrency: shop.maxConcurrency,
      maxRequestsPerSecond: shop.maxRequestsPerSecond,
    });
  };
}
