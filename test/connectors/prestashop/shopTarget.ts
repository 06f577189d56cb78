import { PrestaShopClient } from '../../../src/connectors/prestashop';
import type { PrestaShopClientConfig } from '../../../src/connectors/prestashop';
import { startPrestaShopSimulator, type PrestaShopSimulator } from '../../../src/simulators/prestashop';

/** Where the contract suite runs: a real shop when PRESTASHOP_URL and PRESTASHOP_KEY are set, else the simulator. */
export const REAL_SHOP = process.env.PRESTASHOP_URL && process.env.PRESTASHOP_KEY ? { url: process.env.PRESTASHOP_URL, key: process.env.PRESTASHOP_KEY } : null;

/** `describe` for tests that need the simulator's fault injection or inspection API. */
export const describeSimOnly = REAL_SHOP ? describe.skip : describe;

export interface ShopTarget {
  label: string;
  url: string;
  key: string;
  sim: PrestaShopSimulator | null;
  /** Category products go into (Home on a default install). */
  homeCategoryId: number;
  client(extra?: Partial<PrestaShopClientConfig>): PrestaShopClient;
  stop(): Promise<void>;
}

export async function openTarget(version: '1.7.8' | '8.2'): Promise<ShopTarget> {
  if (REAL_SHOP) {
    return {
      label: `real shop ${REAL_SHOP.url}`,
      url: REAL_SHOP.url,
      key: REAL_SHOP.key,
      sim: null,
      homeCategoryId: Number(process.env.PRESTASHOP_HOME_CATEGORY ?? 2),
      client: (extra) => new PrestaShopClient({ baseUrl: REAL_SHOP.url, apiKey: REAL_SHOP.key, timeoutMs: 30_000, ...extra }),
      stop: async () => undefined,
    };
  }
  const sim = await startPrestaShopSimulator({ version, languages: ['pl', 'en'] });
  return {
    label: `simulator PrestaShop ${version}`,
    url: sim.url,
    key: sim.key,
    sim,
    homeCategoryId: 2,
    client: (extra) => new PrestaShopClient({ baseUrl: sim.url, apiKey: sim.key, timeoutMs: 5_000, maxConcurrency: 4, maxRequestsPerSecond: 200, ...extra }),
    stop: () => sim.stop(),
  };
}

/** Versions the suite covers: both simulated versions, or the one real shop. */
export const VERSIONS: Array<'1.7.8' | '8.2'> = REAL_SHOP ? ['8.2'] : ['1.7.8', '8.2'];

/** A valid 1×1 PNG (a real shop decodes and resizes uploads). */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
