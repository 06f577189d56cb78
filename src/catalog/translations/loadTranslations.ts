import { QueryTypes, type Sequelize } from 'sequelize';
import type { ProductTexts } from './productTranslations';

/** The stored translations of `productIds` in one query: product id → PPM language code → texts. */
export async function loadTranslations(sequelize: Sequelize, productIds: number[]): Promise<Map<number, Record<string, ProductTexts>>> {
  const out = new Map<number, Record<string, ProductTexts>>();
  if (!productIds.length) return out;
  const rows = await sequelize.query<ProductTexts & { productId: number; lang: string }>(
    `SELECT product_id AS "productId", lang, name, description, description_short AS "descriptionShort", meta_title AS "metaTitle",
            meta_description AS "metaDescription", link_rewrite AS "linkRewrite"
       FROM product_translations WHERE product_id = ANY($1::int[])`,
    { bind: [productIds], type: QueryTypes.SELECT },
  );
  for (const { productId, lang, ...texts } of rows) {
    const byLang = out.get(productId) ?? {};
    byLang[lang] = texts;
    out.set(productId, byLang);
  }
  return out;
}
