import { PrestaShopClient } from '../connectors/prestashop';
import type { PrestaShopProduct, ProductInput } from '../connectors/prestashop';
import { ConnectorError } from '../errors/ConnectorError';
import type { ShopConnection, ShopGateway } from './shopGateway';
import type { ShopProductPayload } from './shopPayload';

/**
 * PrestaShop's root "Home" category id on a standard install, used as the default category when a product has
 * no category mapped for the shop (PrestaShop requires one). UNCONFIRMED for customised shops: map categories
 * in category_shop_map to be exact.
 */
const HOME_CATEGORY_ID = 2;

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
  });
  return {
    async findProductIdsByReference(reference) {
      return (await client.findProductsByReference(reference)).map((r) => r.id);
    },
    async readProduct(remoteId) {
      try {
        // Product and stock row in parallel: one extra small GET (`[id,quantity]`) per before-image.
        const [product, quantity] = await Promise.all([client.getProduct(remoteId), client.getStock(remoteId)]);
        return toPayload(product, quantity);
      } catch (e) {
        if (e instanceof ConnectorError && e.code === 'NOT_FOUND') return null;
        throw e;
      }
    },
    async createProduct(payload) {
      const created = await client.createProduct(toInput(payload));
      if (hasQuantity(payload)) await client.setStock(created.id, payload.quantity);
      return created.id;
    },
    async updateProduct(remoteId, payload) {
      const { reference: _ref, ...patch } = toInput(payload);
      await client.updateProduct(remoteId, { ...patch, reference: payload.reference });
      if (hasQuantity(payload)) await client.setStock(remoteId, payload.quantity);
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
  };
}
