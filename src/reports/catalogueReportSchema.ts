import { z } from '@hono/zod-openapi';

const Gap = z.object({
  count: z.number().int().openapi({ description: 'active products with this gap' }),
  products: z
    .array(z.object({ id: z.number().int(), sku: z.string(), name: z.string() }))
    .openapi({ description: 'a page of them: ids above `afterId`, in id order, at most `limit`' }),
  nextAfterId: z.number().int().nullable().openapi({ description: 'the `afterId` of the next page; null on the last page' }),
});

/** GET /api/v1/reports/catalogue: gaps of the active products that keep them from looking complete in the shops. */
export const CatalogueReportSchema = z
  .object({
    generatedAt: z.string(),
    activeProducts: z.number().int(),
    defaultLanguage: z.string().openapi({ description: "CATALOG_DEFAULT_LANGUAGE: the products' own texts; never missing" }),
    withoutImages: Gap,
    withoutCategory: Gap,
    withoutTranslation: z
      .array(
        Gap.extend({
          language: z.string(),
          shopIds: z.array(z.number().int()).openapi({ description: 'shops that map this language (language_map)' }),
        }),
      )
      .openapi({ description: 'per shop language other than the default: products without a translation (a row with a non-blank name)' }),
  })
  .openapi('CatalogueReport');

export type CatalogueReport = z.infer<typeof CatalogueReportSchema>;
export type CatalogueGap = z.infer<typeof Gap>;
