import { z } from '@hono/zod-openapi';
import { DbId, DbIdText, intText } from '../openapi/params';
import { LEDGER_STATUSES } from '../../catalog/ledgerStatus';
import { PRODUCT_SORTS } from '../../catalog/productList';

/**
 * The product field rules, written once: the API's create/patch bodies, each row of an import and the list /
 * export / mass-edit filters validate with these. Money and quantities travel as decimal strings, never JSON
 * numbers (no float rounding on the way).
 */
const decimal = (intDigits: number, scale: number, opts: { negative?: boolean } = {}) =>
  z
    .string()
    .regex(new RegExp(`^${opts.negative ? '-?' : ''}\\d{1,${intDigits}}(\\.\\d{1,${scale}})?$`), `expected a decimal string with at most ${intDigits} digits before and ${scale} after the point, e.g. "19.99"`);
export const Price = decimal(11, 4);
/** 0–100 with up to 2 decimals, as a pattern (so the contract says what is accepted, not only the server). */
export const VatRate = z.string().regex(/^(100(\.0{1,2})?|\d{1,2}(\.\d{1,2})?)$/, 'a VAT rate from 0 to 100 with at most 2 decimals, e.g. "23"');
const Quantity = decimal(11, 4, { negative: true });
const Weight = decimal(8, 4);
export const ProductStatusSchema = z.enum(['active', 'inactive', 'archived']);
const text = (max: number) => z.string().max(max);

export const centralFields = {
  name: text(255).trim().min(1),
  description: z.string().max(100_000).nullable(),
  shortDescription: z.string().max(10_000).nullable(),
  ean: z.string().regex(/^\d{8,14}$/, 'expected 8 to 14 digits').nullable(),
  unit: text(16).nullable(),
  priceNet: Price.nullable(),
  vatRate: VatRate.nullable(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as PLN'),
  weightKg: Weight.nullable(),
  stock: Quantity,
  status: ProductStatusSchema,
  categoryIds: z.array(DbId).max(100),
};
export const Sku = z.string().trim().min(1).max(64).regex(/^[^\s]+$/, 'a SKU has no spaces');

export const ProductCreateBody = z
  .object({ sku: Sku, ...centralFields })
  .partial()
  .required({ sku: true, name: true })
  .strict()
  .openapi('ProductCreate');
export const ProductPatchBody = z.object({ sku: Sku, ...centralFields }).partial().strict().openapi('ProductPatch');
/** Writable fields an import row may carry (the SKU is its key). */
export const ImportRowSchema = z.object({ sku: Sku, ...centralFields }).partial().required({ sku: true }).strict();

/** Which products: the list's filters (also used by the export and mass edit, as query-string values). */
export const ProductFilterQuery = z.object({
  q: z
    .string()
    .max(200)
    .regex(/^\s*\S+(?:\s+\S+){0,7}\s*$/, 'one to eight words')
    .optional()
    .openapi({ description: '1-8 words that must each start a word of the SKU, EAN, name or descriptions, or of the name or descriptions of any translation of the product (every language), or the whole text the start of the SKU; case and accents ignored ("zolty mlot" finds "Młotek żółty")' }),
  skuPrefix: z.string().min(1).max(64).optional(),
  status: ProductStatusSchema.optional(),
  erpSourceId: DbIdText.optional(),
  shopId: DbIdText.optional().openapi({ description: 'products assigned to this shop (pushed or tried, or with overrides for it)' }),
  syncState: z.enum(LEDGER_STATUSES).optional().openapi({ description: 'sync state in syncShopId, or in any shop when syncShopId is absent (never_pushed: in no shop)' }),
  syncShopId: DbIdText.optional(),
  categoryId: DbIdText.optional().openapi({ description: 'products in this category (an unknown category is a 400 naming categoryId)' }),
  includeSubcategories: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .openapi({ description: 'with categoryId: true also matches products in its subcategories, at any depth (default false)' }),
  hasImages: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .openapi({ description: 'true: products with at least one image; false: products without any' }),
  updatedSince: z.iso.datetime({ offset: true }).optional(),
  sort: z.enum(PRODUCT_SORTS).optional().openapi({ description: 'a leading "-" sorts descending; default relevance with q, else sku (relevance without q sorts by sku); ties broken by id' }),
});
/** The same filters in a JSON body (mass edit): the ids as JSON numbers, everything else as in the query. */
export const ProductFilterBody = ProductFilterQuery.extend({
  erpSourceId: DbId.optional(),
  shopId: DbId.optional(),
  syncShopId: DbId.optional(),
  categoryId: DbId.optional(),
  includeSubcategories: z.boolean().optional(),
  hasImages: z.boolean().optional(),
}).strict();

/** The list's query: the filters plus paging. */
export const ProductListQuery = ProductFilterQuery.extend({
  pageSize: intText(1, 200).optional().openapi({ description: 'default 50' }),
  page: intText(1, 100).optional().openapi({ description: 'offset paging for small result sets (1-based, at most 100 pages deep); use cursor beyond' }),
  cursor: z
    .string()
    .max(1024)
    .regex(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/, 'expected a nextCursor returned by a previous page')
    .optional()
    .openapi({ description: 'keyset paging: nextCursor of the previous page, valid with the same filters and sort; stable while rows change' }),
});

/** One language's stored texts of a product, as the detail and the translations resource return them. */
export const ProductTextsSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  descriptionShort: z.string().nullable(),
  metaTitle: z.string().nullable(),
  metaDescription: z.string().nullable(),
  linkRewrite: z.string().nullable(),
});
