import { canonicalJson } from './payloadHash';
import { canonicalDecimal, PAYLOAD_FIELDS, type ShopProductPayload } from './shopPayload';

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

function normalised(field: keyof ShopProductPayload, v: unknown): unknown {
  if (field === 'price' || field === 'weight') return canonicalDecimal(v as string);
  if (field === 'categoryIds' && Array.isArray(v)) return [...v].map(Number).sort((a, b) => a - b);
  return v ?? null;
}

/**
 * Field-by-field differences between what a shop holds (`before`, null when the product does not exist
 * there) and what a push would write (`after`). Decimals compare by value ("12.500000" equals "12.5").
 * Fields the shop does not report (undefined in `before`) are not compared, nor are fields `after` does not
 * carry (an old before-image without `quantity` restores everything but stock).
 */
export function diffPayloads(before: Partial<ShopProductPayload> | null, after: ShopProductPayload): FieldChange[] {
  const changes: FieldChange[] = [];
  // Without a category mapping for the shop the payload leaves categories to the shop: not compared.
  const fields = after.categoryIds.length ? PAYLOAD_FIELDS : PAYLOAD_FIELDS.filter((f) => f !== 'categoryIds' && f !== 'defaultCategoryId');
  for (const field of fields) {
    if (after[field] === undefined) continue;
    const a = normalised(field, after[field]);
    if (before === null) {
      changes.push({ field, before: null, after: a });
      continue;
    }
    if (!(field in before) || before[field] === undefined) continue;
    const b = normalised(field, before[field]);
    if (canonicalJson(a) !== canonicalJson(b)) changes.push({ field, before: b, after: a });
  }
  return changes;
}
