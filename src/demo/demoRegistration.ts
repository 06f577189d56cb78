import type { z } from 'zod';
import type { ErpSourceSchema } from '../api/routes/erpSources';
import type { ScheduleSchema } from '../api/routes/schedules';
import type { ShopSchema } from '../api/routes/shops';
import type { ApiClient } from '../cli/api/apiClient';
import { DEMO_TAX_RULES, type DemoShop } from './demoShops';

type Shop = z.infer<typeof ShopSchema>;
type ErpSource = z.infer<typeof ErpSourceSchema>;
type Schedule = z.infer<typeof ScheduleSchema>;

/** Registered once, found again by name on later runs (a changed port is updated, never a second row). */
export interface Registered<T> {
  item: T;
  created: boolean;
}

/** Local simulators answer at once: the shop's caps are set for them, not for a hosted shop. */
const SIM_SHOP_CAPS = { maxConcurrency: 8, maxRequestsPerSecond: 500 };

export async function ensureShop(api: ApiClient, shop: DemoShop, url: string, rootCategoryId: number): Promise<Registered<Shop>> {
  const { items } = await api.get<{ items: Shop[] }>('/shops');
  const languageMap = Object.fromEntries(shop.languages.map((iso, i) => [iso, i + 1]));
  const existing = items.find((s) => s.name === shop.name);
  if (!existing) {
    const body = { name: shop.name, baseUrl: url, apiKey: shop.key, psVersion: shop.version, languageMap, taxRulesMap: DEMO_TAX_RULES, rootCategoryId, ...SIM_SHOP_CAPS };
    return { item: (await api.post<Shop>('/shops', body)).body, created: true };
  }
  if (existing.baseUrl !== url || !existing.active || existing.rootCategoryId !== rootCategoryId) {
    return { item: (await api.request<Shop>('PATCH', `/shops/${existing.id}`, { baseUrl: url, apiKey: shop.key, active: true, rootCategoryId })).body, created: false };
  }
  return { item: existing, created: false };
}

export interface DemoSubiekt {
  name: string;
  host: string;
  port: number;
  database: string;
  user: string;
  password: string;
}

export async function ensureSubiektSource(api: ApiClient, sim: DemoSubiekt): Promise<Registered<ErpSource>> {
  const settings = { server: sim.host, port: sim.port, database: sim.database, encrypt: false, trustServerCertificate: true, priceLevel: 1, warehouseIds: [1, 2] };
  const credentials = { user: sim.user, password: sim.password };
  const { items } = await api.get<{ items: ErpSource[] }>('/erp-sources');
  const existing = items.find((s) => s.name === sim.name);
  if (!existing) return { item: (await api.post<ErpSource>('/erp-sources', { name: sim.name, kind: 'subiekt', settings, credentials })).body, created: true };
  if (existing.settings.port !== sim.port || existing.settings.server !== sim.host || !existing.active) {
    return { item: (await api.request<ErpSource>('PATCH', `/erp-sources/${existing.id}`, { settings, credentials, active: true })).body, created: false };
  }
  return { item: existing, created: false };
}

/** An hourly pull schedule of the source (Temporal Schedule `erp-pull-<sourceId>-demo`). */
export async function ensurePullSchedule(api: ApiClient, sourceId: number): Promise<Registered<Schedule>> {
  const { items } = await api.get<{ items: Schedule[] }>(`/schedules?sourceId=${sourceId}`);
  if (items.length) return { item: items[0], created: false };
  const body = { sourceId, name: 'demo', cron: '@hourly', note: 'created by npm run demo' };
  return { item: (await api.post<Schedule>('/schedules', body)).body, created: true };
}
