import { SecretBox } from '../../src/crypto/secretBox';
import { startPrestaShopSimulator, type PrestaShopSimulator } from '../../src/simulators/prestashop';
import { encryptShopApiKey } from '../../src/shops/shopCredentials';
import type { TestStack } from '../helpers/testStack';
import { createShop } from '../../src/shops/shopStore';

/** The two shops of the push tests: 1.7.8 with pl+en and 8.2 with pl+de. */
const SETUPS = [
  { version: '1.7.8' as const, languages: ['pl', 'en'], psVersion: '1.7.8', languageMap: { pl: 1, en: 2 } as Record<string, number> },
  { version: '8.2' as const, languages: ['pl', 'de'], psVersion: '8', languageMap: { pl: 1, de: 2 } as Record<string, number> },
];

/**
 * Starts two simulated shops with different language sets and registers them (API key encrypted as the
 * API stores it); the simulators go to `sims` and the shop ids to `shopIds`, in that order. `taxRulesMap`:
 * the shops' VAT rate → tax rules group (default: 23 % only).
 */
export async function registerTwoLanguageShops(
  stack: TestStack,
  tag: string,
  sims: PrestaShopSimulator[],
  shopIds: number[],
  taxRulesMap: Record<string, number> = { '23': 1 },
): Promise<void> {
  const box = new SecretBox(stack.config.ENCRYPTION_KEY);
  for (const [i, s] of SETUPS.entries()) {
    const sim = await startPrestaShopSimulator({ version: s.version, languages: s.languages, shopName: `${tag}-${i}` });
    sims.push(sim);
    const shop = await createShop(stack.sequelize, { name: `${tag}-shop-${i}`, baseUrl: sim.url, psVersion: s.psVersion, languageMap: s.languageMap, taxRulesMap, maxRequestsPerSecond: 500 }, (row) => ({
      apiKeyEncrypted: encryptShopApiKey(box, row, sim.key),
      apiKeyHint: '••••',
    }));
    shopIds.push(shop.id);
  }
}
