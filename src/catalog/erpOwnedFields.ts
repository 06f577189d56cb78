/**
 * Canonical product fields an ERP may own, and the `products` column each one lives in. A source's
 * `field_ownership` lists a subset; a pull writes only those on existing products (the PPM user owns the
 * rest: texts, categories, user images, per-shop overrides). Unknown names in `field_ownership` are ignored.
 */
export const ERP_OWNABLE_COLUMNS = {
  name: 'name',
  description: 'description',
  ean: 'ean',
  unit: 'unit',
  priceNet: 'price_net',
  vatRate: 'vat_rate',
  currency: 'currency',
  stock: 'stock',
  weightKg: 'weight_kg',
} as const;

export type ErpOwnableField = keyof typeof ERP_OWNABLE_COLUMNS;

export const DEFAULT_ERP_FIELD_OWNERSHIP: ErpOwnableField[] = ['priceNet', 'vatRate', 'ean', 'stock'];

export function isErpOwnableField(name: string): name is ErpOwnableField {
  return Object.prototype.hasOwnProperty.call(ERP_OWNABLE_COLUMNS, name);
}

/** The ownable fields of a source's `field_ownership` JSON (anything else dropped). */
export function ownedFields(fieldOwnership: unknown): ErpOwnableField[] {
  if (!Array.isArray(fieldOwnership)) return [...DEFAULT_ERP_FIELD_OWNERSHIP];
  return [...new Set(fieldOwnership.filter((f): f is ErpOwnableField => typeof f === 'string' && isErpOwnableField(f)))];
}
