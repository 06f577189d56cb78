import { QueryTypes, type Sequelize } from 'sequelize';
import { CatalogError } from '../catalogError';
import { lockProductForWrite, type WritePrecondition } from '../productWriteLock';
import { knownLanguages } from '../languages';

/** A product's texts in one language (PrestaShop's multilingual product fields). */
export interface ProductTexts {
  name: string;
  description: string | null;
  descriptionShort: string | null;
  metaTitle: string | null;
  metaDescription: string | null;
  /** Friendly URL; null = generated from this language's name at push time. */
  linkRewrite: string | null;
}

interface Row {
  lang: string;
  name: string;
  description: string | null;
  description_short: string | null;
  meta_title: string | null;
  meta_description: string | null;
  link_rewrite: string | null;
}

const toTexts = (r: Row): ProductTexts => ({
  name: r.name,
  description: r.description,
  descriptionShort: r.description_short,
  metaTitle: r.meta_title,
  metaDescription: r.meta_description,
  linkRewrite: r.link_rewrite,
});

/**
 * Per-language product texts. The default language's name, description and short description are the product's
 * central columns (`products.name`, ...): writing that language writes them too, in the same transaction, so the
 * two never disagree. Other languages live only in `product_translations`.
 */
export class ProductTranslations {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly defaultLanguage: string,
  ) {}

  /** Every language the product has texts in; the default language always (from the central columns). */
  async get(productId: number): Promise<Record<string, ProductTexts> | null> {
    return (await this.getMany([productId])).get(productId) ?? null;
  }

  /** `get` for several products in two statements (absent from the map: no such product). */
  async getMany(productIds: readonly number[]): Promise<Map<number, Record<string, ProductTexts>>> {
    const ids = [...new Set(productIds)];
    const out = new Map<number, Record<string, ProductTexts>>();
    if (!ids.length) return out;
    const products = await this.sequelize.query<{ id: number; name: string; description: string | null; short_description: string | null }>(
      `SELECT id, name, description, short_description FROM products WHERE id = ANY($1::int[])`,
      { bind: [ids], type: QueryTypes.SELECT },
    );
    if (!products.length) return out;
    const rows = await this.sequelize.query<Row & { product_id: number }>(
      `SELECT product_id, lang, name, description, description_short, meta_title, meta_description, link_rewrite FROM product_translations
        WHERE product_id = ANY($1::int[]) ORDER BY product_id, lang`,
      { bind: [products.map((p) => p.id)], type: QueryTypes.SELECT },
    );
    for (const p of products) {
      const texts: Record<string, ProductTexts> = Object.fromEntries(rows.filter((r) => r.product_id === p.id).map((r) => [r.lang, toTexts(r)]));
      const stored = texts[this.defaultLanguage];
      texts[this.defaultLanguage] = {
        metaTitle: stored?.metaTitle ?? null,
        metaDescription: stored?.metaDescription ?? null,
        linkRewrite: stored?.linkRewrite ?? null,
        name: p.name,
        description: p.description,
        descriptionShort: p.short_description,
      };
      out.set(p.id, texts);
    }
    return out;
  }

  async set(productId: number, lang: string, texts: ProductTexts, precondition?: WritePrecondition): Promise<Record<string, ProductTexts>> {
    await this.sequelize.transaction(async (t) => {
      const known = await knownLanguages(this.sequelize, this.defaultLanguage, t);
      if (!known.has(lang)) throw new CatalogError('invalid', 'UNKNOWN_LANGUAGE', `No shop uses language "${lang}"`, { field: 'lang' });
      await lockProductForWrite(this.sequelize, productId, t, precondition);
      await this.sequelize.query(
        `INSERT INTO product_translations (product_id, lang, name, description, description_short, meta_title, meta_description, link_rewrite)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (product_id, lang) DO UPDATE SET name = EXCLUDED.name, description = EXCLUDED.description,
           description_short = EXCLUDED.description_short, meta_title = EXCLUDED.meta_title,
           meta_description = EXCLUDED.meta_description, link_rewrite = EXCLUDED.link_rewrite, updated_at = now()`,
        { bind: [productId, lang, texts.name, texts.description, texts.descriptionShort, texts.metaTitle, texts.metaDescription, texts.linkRewrite], transaction: t },
      );
      if (lang === this.defaultLanguage) {
        await this.sequelize.query(`UPDATE products SET name = $2, description = $3, short_description = $4, updated_at = now() WHERE id = $1`, {
          bind: [productId, texts.name, texts.description, texts.descriptionShort],
          transaction: t,
        });
      } else {
        await this.sequelize.query(`UPDATE products SET updated_at = now() WHERE id = $1`, { bind: [productId], transaction: t });
      }
    });
    return (await this.get(productId))!;
  }

  /** Removes one language's texts (that language then falls back per shop); the default language cannot go. */
  async remove(productId: number, lang: string, precondition?: WritePrecondition): Promise<Record<string, ProductTexts>> {
    if (lang === this.defaultLanguage) throw new CatalogError('invalid', 'DEFAULT_LANGUAGE_REQUIRED', `The default language "${lang}" cannot be removed`, { field: 'lang' });
    const current = await this.get(productId);
    if (!current) throw new CatalogError('not_found', 'PRODUCT_NOT_FOUND', `No product with id ${productId}`);
    await this.sequelize.transaction(async (t) => {
      await lockProductForWrite(this.sequelize, productId, t, precondition);
      await this.sequelize.query(`DELETE FROM product_translations WHERE product_id = $1 AND lang = $2`, { bind: [productId, lang], transaction: t });
      await this.sequelize.query(`UPDATE products SET updated_at = now() WHERE id = $1`, { bind: [productId], transaction: t });
    });
    return (await this.get(productId))!;
  }
}
