import { z } from '@hono/zod-openapi';

const FailureCounts = z
  .array(z.object({ code: z.string(), last24h: z.number().int(), last7d: z.number().int() }))
  .openapi({ description: 'failed pushes by error code (VALIDATION, AUTHENTICATION, ...; UNKNOWN without a code), most frequent first' });

/** GET /api/v1/reports/shops: where each shop's catalogue stands, by the ledger (see src/catalog/ledgerStatus). */
export const ShopReportSchema = z
  .object({
    generatedAt: z.string(),
    productsTotal: z.number().int().openapi({ description: 'products in the catalogue; the five states of a shop add up to it' }),
    shops: z.array(
      z.object({
        id: z.number().int(),
        name: z.string(),
        active: z.boolean(),
        lastSuccessfulPushAt: z.string().nullable().openapi({ description: 'last product created or updated in the shop' }),
        products: z.object({
          inSync: z.number().int(),
          outdated: z.number().int().openapi({ description: 'changed since the last push' }),
          failed: z.number().int().openapi({ description: 'the last push failed' }),
          compensationFailed: z.number().int().openapi({ description: 'a change could not be undone in the shop (needs a person)' }),
          neverPushed: z.number().int(),
        }),
        failures: FailureCounts,
      }),
    ),
  })
  .openapi('ShopReport');

export type ShopReport = z.infer<typeof ShopReportSchema>;
