import crypto from 'node:crypto';
import type { ErpPictureRef, ErpProduct } from '../erp/ErpSource';
import type { BcItem, BcPicture } from './bcItemSchema';
import { formatScaled4, money4, mulDivRound, plainDecimal, toScaled4 } from './decimalText';
import type { VatMapping } from './vatMapping';

/**
 * A BC item → the canonical ErpProduct.
 * - sku = item number, name = displayName, description = displayName2 (BC's "Description 2"), ean = gtin.
 * - unitPrice is net unless priceIncludesTax; the other side is computed with the mapped VAT rate (4 decimals).
 * - stock = `inventory` (all locations: API v2.0 has no per-location figure on the item).
 * - weight: API v2.0 items do not expose Net Weight, so weightKg is null.
 * - deleted is never true here: deletions do not appear in item reads (reference §5); the pull workflow sees
 *   them as items missing from a full scan.
 */
export interface ItemMappingOptions {
  currency: string;
  vat: VatMapping;
}

export function pictureRefOf(picture: BcPicture | null | undefined): ErpPictureRef[] {
  // No picture: BC reports width/height 0 and an empty content type ([unconfirmed], so either one counts).
  if (!picture || !picture.contentType || picture.width === 0 || picture.height === 0) return [];
  // The etag alone might not change with the media ([unconfirmed] which row version it reflects), so the
  // token also carries the dimensions and type (reference §3.5).
  const changeToken = `${picture['@odata.etag'] ?? ''}|${picture.width}x${picture.height}|${picture.contentType}`;
  return [{ externalId: picture.id, changeToken, isMain: true }];
}

export function contentHashOf(p: Omit<ErpProduct, 'contentHash'>): string {
  const canonical = [
    'bc1',
    p.externalId,
    p.sku,
    p.name,
    p.description,
    p.ean,
    p.eans,
    p.unit,
    p.vatRate,
    p.vatSymbol,
    p.priceNet,
    p.priceGross,
    p.currency,
    p.stock,
    p.group,
    p.weightKg,
    p.blocked,
    p.deleted,
    p.pictures.map((pic) => [pic.externalId, pic.changeToken, pic.isMain]).sort(),
  ];
  return crypto.createHash('sha256').update(JSON.stringify(canonical)).digest('hex');
}

export function itemToProduct(item: BcItem, opts: ItemMappingOptions): ErpProduct {
  const vat = opts.vat.lookup(item.taxGroupCode);
  const price = toScaled4(plainDecimal(item.unitPrice));
  const hundred = 1_000_000n; // 100 % scaled by 10^4
  let priceNet: string | null;
  let priceGross: string | null;
  if (vat.rate !== null) {
    const factor = hundred + toScaled4(vat.rate);
    if (item.priceIncludesTax) {
      priceGross = formatScaled4(price);
      priceNet = formatScaled4(mulDivRound(price, hundred, factor));
    } else {
      priceNet = formatScaled4(price);
      priceGross = formatScaled4(mulDivRound(price, factor, hundred));
    }
  } else if (vat.symbol !== null) {
    // Exempt ("zw") or out of scope ("np"): no VAT on top.
    priceNet = priceGross = money4(item.unitPrice);
  } else {
    // Unmapped VAT group: only the side BC states is known.
    priceNet = item.priceIncludesTax ? null : money4(item.unitPrice);
    priceGross = item.priceIncludesTax ? money4(item.unitPrice) : null;
  }
  const gtin = item.gtin.trim();
  const product: Omit<ErpProduct, 'contentHash'> = {
    externalId: item.id,
    sku: item.number,
    name: item.displayName,
    description: item.displayName2.trim() ? item.displayName2 : null,
    ean: gtin || null,
    eans: gtin ? [gtin] : [],
    unit: item.baseUnitOfMeasureCode || null,
    vatRate: vat.rate,
    vatSymbol: vat.symbol,
    priceNet,
    priceGross,
    currency: opts.currency,
    stock: plainDecimal(item.inventory),
    group: item.itemCategoryCode || null,
    groupId: item.itemCategoryCode || null,
    weightKg: null,
    blocked: item.blocked,
    deleted: false,
    pictures: pictureRefOf(item.picture),
  };
  return { ...product, contentHash: contentHashOf(product) };
}
