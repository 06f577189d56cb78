import type { Sequelize } from 'sequelize';
import type { SecretBox } from '../crypto/secretBox';
import { type OutboundPolicy, OutboundRefusedError } from '../net/outboundPolicy';
import { ConnectorError } from '../errors/ConnectorError';
import { prestaShopGateway } from './prestaShopGateway';
import { decryptShopApiKey } from '../shops/shopCredentials';
import { sealedShopConnection } from '../shops/shopLookups';
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
  const row = await sealedShopConnection(sequelize, shopId);
  if (!row) throw new ConnectorError({ system: 'prestashop', code: 'CONFIGURATION', message: `shop ${shopId} does not exist` });
  try {
    await outbound.assertResolvedAllowed(new URL(row.baseUrl).hostname);
  } catch (e) {
    if (!(e instanceof OutboundRefusedError)) throw e;
    throw new ConnectorError({ system: 'prestashop', code: 'CONFIGURATION', message: `shop ${shopId} base URL refused: ${e.message}` });
  }
  let apiKey: string;
  try {
    apiKey = decryptShopApiKey(box, row, row.apiKeyEncrypted);
  } catch (e) {
    throw new ConnectorError({
      system: 'prestashop',
      code: 'CONFIGURATION',
      message: `the API key of shop ${shopId} cannot be decrypted (ENCRYPTION_KEY, or the base URL changed without the key being entered again): ${(e as Error).message}`,
    });
  }
  return { id: row.id, baseUrl: row.baseUrl, psVersion: row.psVersion, apiKey, languageMap: row.languageMap, maxConcurrency: row.maxConcurrency, maxRequestsPerSecond: row.maxRequestsPerSecond };
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
