import { PrestaShopClient } from '../connectors/prestashop';
import type { PrestaShopProduct, ProductInput } from '../connectors/prestashop';
import { ConnectorError } from '../errors/ConnectorError';
import { CALL_RETRY, withItemRetries } from './itemRetry';
import type { ShopConnection, ShopGateway } from './shopGateway';
import type { ShopProductPayload } from './shopPayload';

/**
 * PrestaShop's root "Home" category id on a standard install, used as the default category when a product has
 * no category mapped for the shop (PrestaShop requires one). UNCONFIRMED for customised shops: map categories
 * in category_shop_map to be exact.
 */
const HOME_CATEGORY_ID = 2;

/**
 * Per-request timeout of sync traffic: adaptive between these bounds (src/connectors/prestashop/adaptiveTimeout.ts).
 * A hang then costs about a second on a fast shop and at most 15 s on a slow one, instead of 30 s; a request that
 * timed out is retried by the item (writes re-locate the product first, so a slow-but-applied POST is not repeated).
 */
const REQUEST_TIMEOUT = { floorMs: 1_000, ceilingMs: 15_000 };

function byLang(record: Record<string, string>): Record<number, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [Number(k), v]));
}

function toStringKeys(record: Record<number, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [String(k), v]));
}

function toInput(p: ShopProductPayload): ProductInput {
  const categoryIds = p.categoryIds.length ? p.categoryIds : [HOME_CATEGORY_ID];
  return {
    reference: p.reference,
    names: byLang(p.name),
    descriptions: byLang(p.description),
    shortDescriptions: byLang(p.descriptionShort),
    ...(p.metaTitle ? { metaTitles: byLang(p.metaTitle) } : {}),
    ...(p.metaDescription ? { metaDescriptions: byLang(p.metaDescription) } : {}),
    ...(p.linkRewrite ? { linkRewrites: byLang(p.linkRewrite) } : {}),
    price: p.price,
    idTaxRulesGroup: p.idTaxRulesGroup,
    active: p.active,
    ean13: p.ean13 || null,
    weight: p.weight,
    categoryIds,
    defaultCategoryId: p.defaultCategoryId ?? categoryIds[0],
  };
}

/**
 * The shop as the sync engine sees it, stock included (the before-image of an update, so compensation puts the
 * quantity back too). Without a stock row (`quantity` null) the key is left out: diffs then do not compare
 * stock and a restore leaves it alone, exactly like an undo row stored before stock was captured.
 */
function toPayload(p: PrestaShopProduct, quantity: number | null): ShopProductPayload {
  const payload: Omit<ShopProductPayload, 'quantity'> & { quantity?: number } = {
    reference: p.reference,
    name: toStringKeys(p.names),
    description: toStringKeys(p.descriptions),
    descriptionShort: toStringKeys(p.shortDescriptions),
    metaTitle: toStringKeys(p.metaTitles),
    metaDescription: toStringKeys(p.metaDescriptions),
    linkRewrite: toStringKeys(p.linkRewrites),
    price: p.price,
    idTaxRulesGroup: p.idTaxRulesGroup,
    ean13: p.ean13,
    weight: p.weight,
    active: p.active,
    categoryIds: [...p.categoryIds].sort((a, b) => a - b),
    defaultCategoryId: p.defaultCategoryId,
  };
  if (quantity !== null) payload.quantity = quantity;
  return payload as ShopProductPayload;
}

/** A before-image stored before stock was captured has no quantity: such a payload leaves stock untouched. */
function hasQuantity(payload: ShopProductPayload): boolean {
  return payload.quantity !== undefined && payload.quantity !== null;
}

/**
 * Adapts the PrestaShop client (src/connectors/prestashop) to the ShopGateway port. The client's own limiter is
 * per instance (one per activity); it gets the shop's limits so it never throttles below them, while the
 * cross-worker caps are enforced by ShopLimiter around every call.
 */
export function prestaShopGateway(
  conn: ShopConnection,
  languages: Record<string, number>,
  limits: { maxConcurrency: number; maxRequestsPerSecond: number } = { maxConcurrency: 4, maxRequestsPerSecond: 10 },
): ShopGateway {
  const client = new PrestaShopClient({
    baseUrl: conn.baseUrl,
    apiKey: conn.apiKey,
    maxConcurrency: limits.maxConcurrency,
    maxRequestsPerSecond: limits.maxRequestsPerSecond,
    version: conn.psVersion.startsWith('1.') ? '1.7' : '8',
    languages: Object.keys(languages).length ? languages : undefined,
    timeoutMs: REQUEST_TIMEOUT.ceilingMs,
    minTimeoutMs: REQUEST_TIMEOUT.floorMs,
  });
  /** Stock row ids seen in this gateway's answers (a create's answer, a before-image read): no lookup before a stock write. */
  const stockRows = new Map<number, number>();
  const remember = (productId: number, rowId: number | null | undefined) => {
    if (!rowId) return;
    if (stockRows.size > 5_000) stockRows.clear();
    stockRows.set(productId, rowId);
  };
  // 8.x: POST + PATCH of the stock row named in the POST's answer = 2 calls (1.7: + the row read its PUT needs).
  const createInSteps = async (payload: ShopProductPayload) => {
    const created = await client.createProductOnly(toInput(payload));
    remember(created.id, created.stockAvailableId);
    const stock = hasQuantity(payload) ? () => client.setStock(created.id, payload.quantity, created.stockAvailableId) : null;
    return { remoteId: created.id, stock };
  };
  return {
    async findProductIdsByReference(reference) {
      return (await client.findProductsByReference(reference)).map((r) => r.id);
    },
    async findProductIdsByReferences(references) {
      return client.findProductsByReferences(references);
    },
    async readProduct(remoteId) {
      try {
        // Product and stock row in parallel: one extra small GET (`[id,quantity]`) per before-image.
        const [product, stock] = await Promise.all([client.getProduct(remoteId), client.getStockRow(remoteId)]);
        remember(remoteId, stock?.id);
        return toPayload(product, stock?.quantity ?? null);
      } catch (e) {
        if (e instanceof ConnectorError && e.code === 'NOT_FOUND') return null;
        throw e;
      }
    },
    async createProduct(payload) {
      const { remoteId, stock } = await createInSteps(payload);
      // The product exists now: its stock write is retried in place (idempotent), not by re-planning the item.
      if (stock) await withItemRetries(stock, { policy: CALL_RETRY });
      return remoteId;
    },
    createProductInSteps: createInSteps,
    async updateProduct(remoteId, payload) {
      const { reference: _ref, ...patch } = toInput(payload);
      await client.updateProductOnly(remoteId, { ...patch, reference: payload.reference });
      if (hasQuantity(payload)) await client.setStock(remoteId, payload.quantity, stockRows.get(remoteId));
    },
    async deleteProduct(remoteId) {
      try {
        await client.deleteProduct(remoteId);
        return true;
      } catch (e) {
        if (e instanceof ConnectorError && e.code === 'NOT_FOUND') return false;
        throw e;
      }
    },
    categories: {
      async children(parentId) {
        return (await client.listChildCategories(parentId)).map((c) => ({ id: c.id, names: toStringKeys(c.names) }));
      },
      existing: (ids) => client.existingCategoryIds(ids),
      create: (parentId, names, slugs) => client.createCategory(parentId, byLang(names), byLang(slugs)),
      async delete(id) {
        try {
          await client.deleteCategory(id);
          return true;
        } catch (e) {
          if (e instanceof ConnectorError && e.code === 'NOT_FOUND') return false;
          throw e;
        }
      },
    },
    images: {
      list: (productId) => client.listProductImageIds(productId),
      upload: async (productId, bytes, contentType, filename) => (await client.uploadProductImage(productId, bytes, contentType, filename)).id,
      async delete(productId, imageId) {
        try {
          await client.deleteProductImage(productId, imageId);
          return true;
        } catch (e) {
          if (e instanceof ConnectorError && e.code === 'NOT_FOUND') return false;
          throw e;
        }
      },
      download: (productId, imageId) => client.downloadProductImage(productId, imageId),
      setCover: (productId, imageId) => client.setProductCover(productId, imageId),
    },
  };
}
