import { reportCsv } from './reportCsv';
import type { CatalogueGap, CatalogueReport } from './catalogueReportSchema';

/**
 * GET /reports/catalogue as CSV: per gap (images, category, translation:<language>) a `count` line, then a `product`
 * line per product of the page; names and SKUs neutralised like every report cell.
 */
export function catalogueReportCsv(r: CatalogueReport): string {
  const lines = (gap: string, g: CatalogueGap) => [
    ['count', gap, g.count, null, null, null],
    ...g.products.map((p) => ['product', gap, null, p.id, p.sku, p.name]),
  ];
  return reportCsv(['section', 'gap', 'count', 'productId', 'sku', 'name'], [
    ['count', 'active_products', r.activeProducts, null, null, null],
    ...lines('images', r.withoutImages),
    ...lines('category', r.withoutCategory),
    ...r.withoutTranslation.flatMap((t) => lines(`translation:${t.language}`, t)),
  ]);
}
