import { QueryTypes, type Sequelize } from 'sequelize';
import type { Config } from '../config/env';
import { PrestaShopClient } from '../connectors/prestashop';
import { SecretBox } from '../crypto/secretBox';
import { defaultErpSourceFactory } from '../erpPull/defaultErpSourceFactory';
import { OutboundPolicy } from '../net/outboundPolicy';
import { decryptShopApiKey } from '../shops/shopCredentials';
import { activeShopConnections } from '../shops/shopLookups';
import { type DoctorResult, probe } from './doctorResult';

const LIMIT_MS = 15_000;

/** A live connection test of every active shop (the webservice root with its key), as the worker would connect. */
export async function shopChecks(config: Config, sequelize: Sequelize): Promise<DoctorResult[]> {
  const shops = await activeShopConnections(sequelize);
  const box = new SecretBox(config.ENCRYPTION_KEY);
  const outbound = new OutboundPolicy(config.OUTBOUND_ALLOWED_NETWORKS);
  return Promise.all(
    shops.map((s) =>
      probe('shop', `${s.name} (#${s.id})`, LIMIT_MS, `check the shop is up at ${s.baseUrl}, its webservice is enabled and the key is valid (PATCH /api/v1/shops/${s.id})`, async () => {
        await outbound.assertResolvedAllowed(new URL(s.baseUrl).hostname);
        const apiKey = decryptShopApiKey(box, s, s.apiKeyEncrypted);
        const info = await new PrestaShopClient({ baseUrl: s.baseUrl, apiKey, timeoutMs: 10_000, maxConcurrency: 1 }).testConnection();
        return `PrestaShop ${info.version ?? info.major}${info.shopName ? ` "${info.shopName}"` : ''}, ${info.languages.length} language(s)`;
      }),
    ),
  );
}

/** A live connection test of every active ERP source, through the worker's own factory (credentials, outbound policy). */
export async function erpSourceChecks(config: Config, sequelize: Sequelize): Promise<DoctorResult[]> {
  const sources = await sequelize.query<{ id: number; name: string; kind: string }>(`SELECT id, name, kind FROM erp_sources WHERE active ORDER BY id`, { type: QueryTypes.SELECT });
  const factory = defaultErpSourceFactory(config, sequelize);
  return Promise.all(
    sources.map((s) =>
      probe('erp source', `${s.name} (#${s.id}, ${s.kind})`, LIMIT_MS, `check the ${s.kind} server is reachable and the source's settings and credentials (PATCH /api/v1/erp-sources/${s.id})`, async () => {
        const def = await factory.load(s.id);
        if (!def) throw new Error('the source was deleted while checking');
        const source = factory.open(def);
        try {
          const info = await source.testConnection();
          return info.description;
        } finally {
          await source.close().catch(() => undefined);
        }
      }),
    ),
  );
}
