import { z } from '@hono/zod-openapi';
import { DbId } from '../openapi/params';
import type { MassEditChanges, MassEditSelection } from '../../catalog/massEdit/massEditChanges';
import { ProductFilterBody, ProductStatusSchema } from './productSchemas';

/** The request shapes of a mass edit (the catalogue's MassEditChanges / MassEditSelection, checked to match). */

const Categories = z.array(DbId).min(1).max(100);
const PriceChange = z
  .object({
    mode: z.enum(['set', 'percent', 'amount']).openapi({ description: 'set: the new net price; percent: +/- percent of the current one; amount: +/- an amount' }),
    value: z.string().regex(/^-?\d{1,11}(\.\d{1,4})?$/, 'a decimal string, e.g. "10", "-5.5" or "19.99"'),
    rounding: z
      .enum(['none', 'cents', 'whole', 'end99'])
      .optional()
      .openapi({ description: 'none: 4 decimals; cents; whole; end99: the whole part plus .99 (12.30 → 12.99). Default cents for percent, none otherwise' }),
  })
  .strict();
const ShopOverrideChangeSchema = z
  .object({
    shopId: DbId,
    price: PriceChange.nullable()
      .optional()
      .openapi({ description: "the shop's price override; percent and amount change the shop's effective price (its override, else the central price); null removes the override" }),
    active: z.boolean().nullable().optional().openapi({ description: 'the shop\'s active override; null removes it (the central status applies)' }),
  })
  .strict();
export const MassEditChangesSchema = z
  .object({
    status: ProductStatusSchema.optional(),
    price: PriceChange.optional(),
    setCategoryIds: Categories.optional().openapi({ description: 'replace the categories (the first is the primary one); not with add/remove' }),
    addCategoryIds: Categories.optional(),
    removeCategoryIds: Categories.optional(),
    shopOverrides: z
      .array(ShopOverrideChangeSchema)
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: 'per-shop overrides to set (as PUT /products/{id}/shops/{shopId} holds them), each shop once; override fields not named are kept' }),
  })
  .strict()
  .openapi('MassEditChanges') satisfies z.ZodType<MassEditChanges>;

export const MassEditSelectionSchema = z
  .union([
    z.object({ ids: z.array(DbId).min(1).max(10_000) }).strict(),
    z.object({ filter: ProductFilterBody.openapi({ description: 'the filters of GET /products (sort does not matter)' }) }).strict(),
  ])
  .openapi('MassEditSelection') satisfies z.ZodType<MassEditSelection>;
