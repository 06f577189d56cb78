/** A product row as the catalogue reads it, and its API view (decimal strings, ISO timestamps). */

export type ProductStatus = 'active' | 'inactive' | 'archived';

export interface ProductView {
  id: number;
  sku: string;
  name: string;
  description: string | null;
  shortDescription: string | null;
  ean: string | null;
  unit: string | null;
  priceNet: string | null;
  vatRate: string | null;
  currency: string;
  weightKg: string | null;
  stock: string;
  status: ProductStatus;
  erp: { sourceId: number; externalId: string | null } | null;
  createdAt: string;
  updatedAt: string;
  /** Raised by one on every change of the row (the ETag is built from it). */
  version: number;
}

export const SELECT_PRODUCT = `SELECT id, sku, name, description, short_description, ean, unit, price_net, vat_rate, currency, weight_kg, stock,
  status, erp_source_id, erp_external_id, created_at, updated_at, version FROM products`;

export interface ProductRow {
  id: number;
  sku: string;
  name: string;
  description: string | null;
  short_description: string | null;
  ean: string | null;
  unit: string | null;
  price_net: string | null;
  vat_rate: string | null;
  currency: string;
  weight_kg: string | null;
  stock: string;
  status: ProductStatus;
  erp_source_id: number | null;
  erp_external_id: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

export function toView(r: ProductRow): ProductView {
  return {
    id: r.id,
    sku: r.sku,
    name: r.name,
    description: r.description,
    shortDescription: r.short_description,
    ean: r.ean,
    unit: r.unit,
    priceNet: r.price_net,
    vatRate: r.vat_rate,
    currency: r.currency.trim(),
    weightKg: r.weight_kg,
    stock: r.stock,
    status: r.status,
    erp: r.erp_source_id === null ? null : { sourceId: r.erp_source_id, externalId: r.erp_external_id },
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    version: r.version,
  };
}

