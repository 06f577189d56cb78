import type { BenchShop } from '../bench/shopProcess';

export interface ShopProductView {
  id: number;
  reference: string;
  price: string;
  active: string;
  name: string;
  quantity: number | null;
}

async function getJson(sim: Pick<BenchShop, 'url' | 'key'>, path: string, query: Record<string, string>): Promise<unknown> {
  const qs = new URLSearchParams({ ...query, output_format: 'JSON' }).toString();
  const res = await fetch(`${sim.url}/api/${path}?${qs}`, { headers: { Authorization: `Basic ${Buffer.from(`${sim.key}:`).toString('base64')}` } });
  if (!res.ok) throw new Error(`shop ${sim.url} answered ${res.status} to GET /api/${path}`);
  return res.json();
}

/**
 * What a shop holds, read through its webservice (as any client would see it): every product whose reference
 * starts with `prefix`, with price, active flag, first-language name and own stock quantity, ordered by id.
 */
export async function shopView(sim: Pick<BenchShop, 'url' | 'key'>, prefix: string): Promise<ShopProductView[]> {
  const products = (await getJson(sim, 'products', { display: '[id,reference,price,active,name]', 'filter[reference]': `[${prefix}]%`, sort: '[id_ASC]', language: '1' })) as {
    products?: Array<{ id: number; reference: string; price: string; active: string; name: string }>;
  };
  const stock = (await getJson(sim, 'stock_availables', { display: '[id_product,quantity]', 'filter[id_product_attribute]': '[0]' })) as { stock_availables?: Array<{ id_product: string; quantity: string }> };
  const qty = new Map((stock.stock_availables ?? []).map((s) => [Number(s.id_product), Number(s.quantity)]));
  return (Array.isArray(products.products) ? products.products : []).map((p) => ({
    id: p.id,
    reference: p.reference,
    price: String(Number(p.price)),
    active: String(p.active),
    name: String(p.name),
    quantity: qty.get(p.id) ?? null,
  }));
}

/** References held more than once, and how many distinct ones there are. */
export function duplicates(view: ShopProductView[]): { unique: number; duplicated: string[] } {
  const seen = new Map<string, number>();
  for (const p of view) seen.set(p.reference, (seen.get(p.reference) ?? 0) + 1);
  return { unique: seen.size, duplicated: [...seen].filter(([, n]) => n > 1).map(([r]) => r) };
}
