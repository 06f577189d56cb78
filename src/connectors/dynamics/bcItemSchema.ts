import { z } from 'zod';
import { ConnectorError } from '../../errors/ConnectorError';

/**
 * The BC API v2.0 `item` fields this connector maps (reference §3.2), requested with `$select`, and the picture
 * metadata requested with `$expand=picture($select=…)` (§3.5). Validated so a changed API surfaces as a
 * SCHEMA_MISMATCH naming the field instead of as wrong products.
 */
export const ITEM_SELECT = [
  'id',
  'number',
  'displayName',
  'displayName2',
  'itemCategoryCode',
  'blocked',
  'gtin',
  'inventory',
  'unitPrice',
  'priceIncludesTax',
  'taxGroupCode',
  'baseUnitOfMeasureCode',
  'lastModifiedDateTime',
] as const;

export const PICTURE_SELECT = ['id', 'width', 'height', 'contentType'] as const;

const bcPictureSchema = z.object({
  '@odata.etag': z.string().optional(),
  id: z.string(),
  width: z.number(),
  height: z.number(),
  contentType: z.string(),
});

export const bcItemSchema = z.object({
  '@odata.etag': z.string().optional(),
  id: z.string().min(1),
  number: z.string().min(1),
  displayName: z.string(),
  displayName2: z.string(),
  itemCategoryCode: z.string(),
  blocked: z.boolean(),
  gtin: z.string(),
  inventory: z.number(),
  unitPrice: z.number(),
  priceIncludesTax: z.boolean(),
  taxGroupCode: z.string(),
  baseUnitOfMeasureCode: z.string(),
  lastModifiedDateTime: z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'not an ISO date-time'),
  picture: bcPictureSchema.nullable().optional(),
});

export type BcItem = z.infer<typeof bcItemSchema>;
export type BcPicture = z.infer<typeof bcPictureSchema>;

export const bcCollectionSchema = z.object({
  value: z.array(z.unknown()),
  '@odata.nextLink': z.string().optional(),
  '@odata.count': z.number().optional(),
});

export function parseBcItem(raw: unknown): BcItem {
  const result = bcItemSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = `items.${issue.path.join('.')}`;
  throw new ConnectorError({
    system: 'dynamics',
    code: 'SCHEMA_MISMATCH',
    field,
    message: `Business Central item ${(raw as { number?: unknown })?.number ?? '?'}: field ${field} is not what API v2.0 documents (${issue.message})`,
  });
}
