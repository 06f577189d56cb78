import { Client } from '@temporalio/client';
import { QueryTypes, type Sequelize } from 'sequelize';
import { SecretBox } from '../../src/crypto/secretBox';
import { startPrestaShopSimulator, type PrestaShopSimulator } from '../../src/simulators/prestashop';
import { encryptShopApiKey } from '../../src/shops/shopCredentials';
import { deleteProducts, insertProducts } from '../helpers/products';
import { startTestStack, type TestStack } from '../helpers/testStack';
import { createShop, deleteShops } from '../../src/shops/shopStore';

/** What a test looks at in a simulated shop: one entry per product. */
export interface SimProduct {
  id: number;
  reference: string;
  price: string;
  name: string;
  active: string;
}

export function simProducts(sim: PrestaShopSimulator): SimProduct[] {
  const state = sim.state() as { products?: Array<{ id: number; values: Record<string, string>; i18n: Record<string, Record<number, string>> }> };
  return (state.products ?? []).map((p) => ({
    id: p.id,
    reference: p.values.reference,
    price: String(Number(p.values.price)),
    name: p.i18n.name?.[1] ?? '',
    active: p.values.active,
  }));
}

/** The simulated shop's own stock per product (the `stock_availables` row with id_product_attribute 0). */
export function simStock(sim: PrestaShopSimulator): Record<number, number> {
  const state = sim.state() as { stock_availables?: Array<{ values: Record<string, string> }> };
  const out: Record<number, number> = {};
  for (const row of state.stock_availables ?? []) if (row.values.id_product_attribute === '0') out[Number(row.values.id_product)] = Number(row.values.quantity);
  return out;
}

/** Non-read requests the simulator answered (POST/PUT/PATCH/DELETE to /api/). */
export function writeCalls(sim: PrestaShopSimulator, sinceSeq = 0): number {
  return sim.requests(sinceSeq).filter((r) => r.write).length;
}

export function lastSeq(sim: PrestaShopSimulator): number {
  const all = sim.requests(0);
  return all.length ? all[all.length - 1].seq : 0;
}

export interface SyncFixture {
  sims: PrestaShopSimulator[];
  shopIds: number[];
  stop(): Promise<void>;
}

export type ShopOptions = { maxConcurrency?: number; maxRequestsPerSecond?: number };

/** `n` simulated shops registered in the shops table (encrypted keys, pl/en languages, 23% → tax group 1). */
export async function startShops(stack: TestStack, n: number, tag: string, opts: ShopOptions = {}): Promise<SyncFixture> {
  const box = new SecretBox(stack.config.ENCRYPTION_KEY);
  const sims: PrestaShopSimulator[] = [];
  const shopIds: number[] = [];
  for (let i = 0; i < n; i++) {
    const sim = await startPrestaShopSimulator({ shopName: `${tag}-${i}` });
    sims.push(sim);
    const shop = await createShop(
      stack.sequelize,
      {
        name: `${tag}-shop-${i}-${Math.random().toString(36).slice(2, 8)}`,
        baseUrl: sim.url,
        psVersion: '8',
        languageMap: { pl: 1, en: 2 },
        taxRulesMap: { '23': 1, '8': 2 },
        maxConcurrency: opts.maxConcurrency ?? 4,
        maxRequestsPerSecond: opts.maxRequestsPerSecond ?? 500,
      },
      (row) => ({ apiKeyEncrypted: encryptShopApiKey(box, row, sim.key), apiKeyHint: '••••' }),
    );
    shopIds.push(shop.id);
  }
  return {
    sims,
    shopIds,
    async stop() {
      await Promise.all(sims.map((s) => s.stop()));
      await deleteShops(stack.sequelize, shopIds);
    },
  };
}

/**
 * The setup most sync suites share: beforeAll starts a test stack (`opts.stack`) and `n` simulated shops
 * (`opts.shops`), then hands both to `ready`; afterAll stops the shops, deletes the products whose SKU starts with
 * `tag`, and stops the stack. Hooks a suite declares after this call run after these (jest keeps declaration order).
 */
export function withShops(tag: string, n: number, ready: (fx: { stack: TestStack; shops: SyncFixture }) => void, opts: { stack?: Parameters<typeof startTestStack>[0]; shops?: ShopOptions } = {}): void {
  let stack: TestStack | undefined;
  let shops: SyncFixture | undefined;
  beforeAll(async () => {
    stack = await startTestStack(opts.stack);
    shops = await startShops(stack, n, tag, opts.shops);
    ready({ stack, shops });
  });
  afterAll(async () => {
    try {
      await shops?.stop();
      if (stack) await deleteProducts(stack.sequelize, { skuPrefix: tag });
    } finally {
      await stack?.stop(); // whatever failed above, the stack's connections and worker must not outlive the suite
    }
  });
}

/** `count` plain products `<prefix>-00000…` (no ERP link, 23 % VAT, 0.5 kg, stock 5–7); their ids. */
export function createProducts(db: Sequelize, prefix: string, count: number, price = '10.5000'): Promise<number[]> {
  return insertProducts(
    db,
    Array.from({ length: count }, (_, i) => ({
      sku: `${prefix}-${String(i).padStart(5, '0')}`,
      name: `Produkt ${prefix} ${i}`,
      description: `Opis ${i}`,
      unit: 'szt',
      priceNet: price,
      vatRate: '23',
      weightKg: '0.5',
      stock: String(5 + (i % 3)),
    })),
  );
}

const tokens = new WeakMap<TestStack, Map<string, Promise<Record<string, string>>>>();

/** One service token per stack and role, so a "user" stays the same principal across calls. */
function authFor(stack: TestStack, role: 'user' | 'manager' | 'admin'): Promise<Record<string, string>> {
  let byRole = tokens.get(stack);
  if (!byRole) tokens.set(stack, (byRole = new Map()));
  let h = byRole.get(role);
  if (!h) byRole.set(role, (h = stack.authHeaders(role)));
  return h;
}

export async function api(stack: TestStack, method: string, path: string, opts: { body?: unknown; role?: 'user' | 'manager' | 'admin'; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
    method,
    headers: { ...(await authFor(stack, opts.role ?? 'manager')), ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...(opts.headers ?? {}) },
    body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
  });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Polls the job resource until `done(job)` (default: not running), honouring nothing but a short fixed pause. */
export async function waitForJob(stack: TestStack, jobId: string, done: (job: any) => boolean = (j) => j.state !== 'running', timeoutMs = 45_000): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await api(stack, 'GET', `/jobs/${encodeURIComponent(jobId)}`, { role: 'manager' }); // managers read every sync job
    if (r.status === 200 && done(r.json)) return r.json;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not reach the expected state: ${JSON.stringify(r.json)}`);
    await new Promise((res) => setTimeout(res, 150));
  }
}

export async function ledgerRows(stack: TestStack, productIds: number[]) {
  return stack.sequelize.query<{ product_id: number; shop_id: number; remote_id: number | null; payload_hash: string | null; compensation_failed: boolean }>(
    `SELECT product_id, shop_id, remote_id, payload_hash, compensation_failed FROM sync_state WHERE product_id = ANY($1::int[]) ORDER BY product_id, shop_id`,
    { bind: [productIds], type: QueryTypes.SELECT },
  );
}

/** Every history event count of every run of a workflow id (continue-as-new chain). */
export async function historyLengths(client: Client, workflowId: string): Promise<number[]> {
  const out: number[] = [];
  for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) out.push(w.historyLength);
  return out;
}
