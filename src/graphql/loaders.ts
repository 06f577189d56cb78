import DataLoader from 'dataloader';
import { Op } from 'sequelize';
import type { CategoryNode } from '../catalog/categories/categoryTree';
import type { ProductDetail } from '../catalog/productCatalog';
import type { ProductTexts } from '../catalog/translations/productTranslations';
import { ErpSourceRecord } from '../db/models/ErpSourceRecord';
import type { ShopRecord } from '../shops/shopRecord';
import { findShops } from '../shops/shopStore';
import type { GraphqlServices } from './services';

/** The ERP source columns GraphQL may read (never settings or credentials). */
export const ERP_SOURCE_PUBLIC_COLUMNS = ['id', 'name', 'kind', 'fieldOwnership', 'categoryParentId', 'active', 'lastPullAt', 'createdAt', 'updatedAt'] as const;

/**
 * Batched loads for one request (never shared between requests: each caller's reads stay theirs). Every
 * relation of a page of products costs one statement for the whole page, whatever its size.
 */
export function createLoaders(s: GraphqlServices) {
  let tree: Promise<{ roots: CategoryNode[]; byId: Map<number, CategoryNode> }> | null = null;
  return {
    productDetail: new DataLoader<number, ProductDetail | null>(async (ids) => {
      const found = await s.catalog.getMany(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    translations: new DataLoader<number, Record<string, ProductTexts> | null>(async (ids) => {
      const found = await s.translations.getMany(ids);
      return ids.map((id) => found.get(id) ?? null);
    }),
    shop: new DataLoader<number, ShopRecord | null>(async (ids) => {
      const rows = await findShops(s.sequelize, ids);
      return ids.map((id) => rows.find((r) => r.id === id) ?? null);
    }),
    erpSource: new DataLoader<number, ErpSourceRecord | null>(async (ids) => {
      // Public columns only: settings and credentials never leave the loader.
      const rows = await ErpSourceRecord.findAll({ where: { id: { [Op.in]: [...ids] } }, attributes: [...ERP_SOURCE_PUBLIC_COLUMNS] });
      return ids.map((id) => rows.find((r) => r.id === id) ?? null);
    }),
    /** The whole tree is one statement; a request that touches categories reads it once. */
    categories: () =>
      (tree ??= s.categories.tree().then((roots) => {
        const byId = new Map<number, CategoryNode>();
        const walk = (nodes: CategoryNode[]) => nodes.forEach((n) => (byId.set(n.id, n), walk(n.children)));
        walk(roots);
        return { roots, byId };
      })),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
