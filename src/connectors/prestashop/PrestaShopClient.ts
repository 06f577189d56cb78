import { XMLParser } from 'fast-xml-parser';
import { ConnectorError } from '../../errors/ConnectorError';
import { logger } from '../../logging/logger';
import { associationItems, bool, entitiesOf, int, multilang, str, type RawEntity } from './jsonShapes';
import { linkRewrite } from './linkRewrite';
import { PrestaShopHttp } from './PrestaShopHttp';
import { createBody, patchBody, productFromJson, putBody } from './productMapping';
import type {
  CategoryRef,
  ConnectionInfo,
  LangId,
  PrestaShopClientConfig,
  PrestaShopLanguage,
  PrestaShopMajor,
  PrestaShopProduct,
  ProductInput,
  ProductPatch,
  ProductRef,
  ResourcePermission,
  TaxRuleGroup,
  UploadedImage,
} from './types';
import { entityXml, type XmlAssociation, type XmlFieldValue } from './xmlWriter';

const xmlReader = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', parseTagValue: false, parseAttributeValue: false });

/** Image types every 1.7/8 shop accepts (webp only from 8.0). */
const IMAGE_TYPES: Record<string, { ext: string; since8?: boolean }> = {
  'image/jpeg': { ext: 'jpg' },
  'image/jpg': { ext: 'jpg' },
  'image/pjpeg': { ext: 'jpg' },
  'image/png': { ext: 'png' },
  'image/x-png': { ext: 'png' },
  'image/gif': { ext: 'gif' },
  'image/webp': { ext: 'webp', since8: true },
};

/** Reference values whose filter syntax would change meaning (`[ ] | , %`, leading `! > <`): scan instead. */
function needsScan(reference: string): boolean {
  return /[[\]|,%]/.test(reference) || /^[!<>]/.test(reference);
}

function err(code: ConnectorError['code'], message: string, extra: Partial<ConstructorParameters<typeof ConnectorError>[0]> = {}): ConnectorError {
  return new ConnectorError({ system: 'prestashop', code, message, ...extra });
}

/**
 * A PrestaShop 1.7.x / 8.x shop through its webservice (`/api/`). Reads ask for JSON and normalise its quirks;
 * writes send XML. Updates use PATCH where the shop and the key allow it, otherwise a read-modify-write PUT.
 */
export class PrestaShopClient {
  private readonly http: PrestaShopHttp;
  private major: PrestaShopMajor | undefined;
  private patchDenied = false;
  private languages: PrestaShopLanguage[] | undefined;
  private readonly configuredLanguages: Record<string, LangId> | undefined;

  constructor(config: PrestaShopClientConfig) {
    this.http = new PrestaShopHttp({
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      timeoutMs: config.timeoutMs ?? 30_000,
      minTimeoutMs: config.minTimeoutMs,
      maxConcurrency: config.maxConcurrency ?? 4,
      maxRequestsPerSecond: config.maxRequestsPerSecond ?? 10,
    });
    this.major = config.version;
    this.configuredLanguages = config.languages;
  }

  // ---- connection, languages, versions -------------------------------------------------------------------

  /** Version, the resources and methods the key may use, and the languages. */
  async testConnection(): Promise<ConnectionInfo> {
    const answer = await this.http.request({ method: 'GET', path: '' });
    const doc = xmlReader.parse(answer.text) as { prestashop?: { api?: Record<string, unknown> } };
    const api = doc.prestashop?.api;
    if (!api) throw err('PROTOCOL', 'PrestaShop /api/ did not answer the resource list');
    const resources: Record<string, ResourcePermission> = {};
    let sawPatchAttribute = false;
    for (const [name, node] of Object.entries(api)) {
      if (!node || typeof node !== 'object') continue;
      const a = node as Record<string, unknown>;
      if ('patch' in a) sawPatchAttribute = true;
      resources[name] = { get: a.get === 'true', put: a.put === 'true', post: a.post === 'true', patch: a.patch === 'true', delete: a.delete === 'true', head: a.head === 'true' };
    }
    const version = this.http.shopVersion;
    if (!this.major) this.major = version ? (version.startsWith('1.') ? '1.7' : '8') : sawPatchAttribute ? '8' : '1.7';
    this.languages = undefined;
    const languages = resources.languages?.get ? await this.listLanguages() : [];
    const patchAvailable = this.major === '8' && (resources.products?.patch ?? false);
    if (this.major === '8' && !patchAvailable) this.patchDenied = true;
    return { version, major: this.major, shopName: str(api.shopName) || null, resources, languages, patchAvailable };
  }

  async listLanguages(): Promise<PrestaShopLanguage[]> {
    if (this.languages) return this.languages;
    const { data } = await this.http.json({ method: 'GET', path: 'languages', query: { display: '[id,name,iso_code,locale,active]', sort: '[id_ASC]' } });
    this.languages = entitiesOf(data, 'languages', 'language').map((l) => ({ id: int(l.id), isoCode: str(l.iso_code), name: str(l.name), locale: str(l.locale), active: bool(l.active) }));
    return this.languages;
  }

  /** Language id for an ISO code (configured mapping first, then the shop's list). */
  async languageId(isoCode: string): Promise<LangId | undefined> {
    const configured = this.configuredLanguages?.[isoCode];
    if (configured !== undefined) return configured;
    return (await this.listLanguages()).find((l) => l.isoCode.toLowerCase() === isoCode.toLowerCase())?.id;
  }

  private async activeLanguageIds(): Promise<LangId[]> {
    if (this.configuredLanguages) return Object.values(this.configuredLanguages).sort((a, b) => a - b);
    return (await this.listLanguages()).filter((l) => l.active).map((l) => l.id);
  }

  /** With exactly one output language the JSON gives plain strings: they belong to this language. */
  private async singleLanguageId(): Promise<LangId> {
    return (await this.activeLanguageIds())[0] ?? 1;
  }

  private async majorVersion(): Promise<PrestaShopMajor> {
    if (this.major) return this.major;
    if (!this.http.shopVersion) await this.http.request({ method: 'GET', path: 'languages', query: { display: '[id]', limit: '1' } });
    const v = this.http.shopVersion;
    this.major = v && !v.startsWith('1.') ? '8' : '1.7';
    return this.major;
  }

  // ---- products -------------------------------------------------------------------------------------------

  /**
   * Products whose reference is exactly `reference` (PrestaShop filters case-insensitively and references are
   * not unique, so the exact comparison happens here; more than one match is for the caller to report).
   */
  async findProductsByReference(reference: string): Promise<ProductRef[]> {
    const wanted = reference.trim();
    if (wanted === '') return [];
    const page = 500;
    const found: ProductRef[] = [];
    if (!needsScan(wanted)) {
      const { data } = await this.http.json({ method: 'GET', path: 'products', query: { 'filter[reference]': `[${wanted}]`, display: '[id,reference]', sort: '[id_ASC]' } });
      for (const e of entitiesOf(data, 'products', 'product')) if (str(e.reference) === wanted) found.push({ id: int(e.id), reference: str(e.reference) });
      return found;
    }
    for (let offset = 0; ; offset += page) {
      const { data } = await this.http.json({ method: 'GET', path: 'products', query: { display: '[id,reference]', sort: '[id_ASC]', limit: `${offset},${page}` } });
      const rows = entitiesOf(data, 'products', 'product');
      for (const e of rows) if (str(e.reference) === wanted) found.push({ id: int(e.id), reference: str(e.reference) });
      if (rows.length < page) return found;
    }
  }

  /**
   * Ids of the products with each of `references`, exactly compared, in as few calls as the filter grammar
   * allows: `filter[reference]=[A|B|…]` (chunks of `chunk` references, keeping URLs short). References with
   * filter metacharacters are looked up one by one. Every asked reference has an entry (possibly empty).
   */
  async findProductsByReferences(references: string[], chunk = 100): Promise<Map<string, number[]>> {
    const out = new Map<string, number[]>();
    const plain: string[] = [];
    for (const r of references) {
      const wanted = r.trim();
      if (out.has(wanted)) continue;
      out.set(wanted, []);
      if (wanted !== '' && !needsScan(wanted)) plain.push(wanted);
    }
    for (let i = 0; i < plain.length; i += chunk) {
      const part = plain.slice(i, i + chunk);
      const { data } = await this.http.json({ method: 'GET', path: 'products', query: { 'filter[reference]': `[${part.join('|')}]`, display: '[id,reference]', sort: '[id_ASC]' } });
      for (const e of entitiesOf(data, 'products', 'product')) out.get(str(e.reference))?.push(int(e.id));
    }
    for (const [ref, ids] of out) {
      if (ref !== '' && needsScan(ref)) ids.push(...(await this.findProductsByReference(ref)).map((p) => p.id));
    }
    return out;
  }

  /** The product, or a NOT_FOUND error. Asked with `display=full` so 8.x keeps its falsy fields. */
  async getProduct(id: number): Promise<PrestaShopProduct> {
    return productFromJson(await this.rawProduct(id), await this.singleLanguageId());
  }

  private async rawProduct(id: number): Promise<RawEntity> {
    const { data } = await this.http.json({ method: 'GET', path: `products/${id}`, query: { display: 'full' } });
    const [e] = entitiesOf(data, 'products', 'product');
    if (!e) throw err('NOT_FOUND', `PrestaShop product ${id} does not exist`, { status: 404 });
    return e;
  }

  async createProduct(input: ProductInput): Promise<PrestaShopProduct> {
    return this.getProduct((await this.createProductOnly(input)).id);
  }

  /**
   * One POST. Returns the new id and the id of its own stock row (`associations.stock_availables` of the
   * answer, `id_product_attribute` 0), so setting the stock needs no lookup.
   */
  async createProductOnly(input: ProductInput): Promise<{ id: number; stockAvailableId: number | null }> {
    const body = createBody(input, await this.activeLanguageIds(), await this.majorVersion());
    const { data } = await this.http.json({ method: 'POST', path: 'products', body: entityXml('product', body.fields, body.associations) });
    const [e] = entitiesOf(data, 'products', 'product');
    if (!e) throw err('PROTOCOL', 'PrestaShop created a product but did not return it');
    logger.debug('prestashop product created', { id: int(e.id), reference: input.reference });
    const own = associationItems(e, 'stock_availables').find((a) => str(a.id_product_attribute) === '0' || str(a.id_product_attribute) === '');
    return { id: int(e.id), stockAvailableId: own ? int(own.id) : null };
  }

  /**
   * Changes only the fields in `patch`. 8.x: PATCH (falls back to PUT once if the key lacks the PATCH right).
   * 1.7: GET the whole product, apply the patch, PUT it back (PUT resets every omitted field).
   */
  async updateProduct(id: number, patch: ProductPatch): Promise<PrestaShopProduct> {
    await this.updateProductOnly(id, patch);
    return this.getProduct(id);
  }

  /** The write alone: 8.x one PATCH; 1.7 (or a key without PATCH) GET + PUT. No read-back. */
  async updateProductOnly(id: number, patch: ProductPatch): Promise<void> {
    const changes = patchBody(id, patch);
    if (await this.patched(`products/${id}`, 'product', changes.fields, changes.associations)) return;
    const raw = await this.rawProduct(id);
    const body = putBody(raw, patch, await this.singleLanguageId());
    await this.write('PUT', `products/${id}`, 'product', body.fields, body.associations);
  }

  /** Deletes the product; an unknown id is a NOT_FOUND error (callers may treat it as "already gone"). */
  async deleteProduct(id: number): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `products/${id}` });
  }

  /**
   * 8.x: writes the fields with one PATCH (true). False, for the caller's read-modify-write PUT, on 1.7 or when
   * the key lacks the PATCH right (405: remembered, so this client does not ask again).
   */
  private async patched(path: string, singular: string, fields: Array<[string, XmlFieldValue]>, associations?: Record<string, XmlAssociation>): Promise<boolean> {
    if ((await this.majorVersion()) !== '8' || this.patchDenied) return false;
    try {
      await this.write('PATCH', path, singular, fields, associations);
      return true;
    } catch (e) {
      if (!(e instanceof ConnectorError) || e.status !== 405) throw e;
      logger.warn('prestashop PATCH refused, using read-modify-write PUT', { remoteCode: e.remoteCode });
      this.patchDenied = true;
      return false;
    }
  }

  private async write(method: 'PUT' | 'PATCH', path: string, singular: string, fields: Array<[string, XmlFieldValue]>, associations?: Record<string, XmlAssociation>): Promise<void> {
    await this.http.request({ method, path, body: entityXml(singular, fields, associations) });
  }

  // ---- stock ----------------------------------------------------------------------------------------------

  /**
   * The product's own quantity (the `stock_availables` row with `id_product_attribute=0`), or null when the shop
   * has no such row (e.g. the product does not exist). Asks only for `[id,quantity]` to keep the answer small.
   * In multistore the shop lists the context shop's row(s); the first one is taken (UNCONFIRMED for shared
   * stock groups, which the sync does not configure).
   */
  async getStock(productId: number): Promise<number | null> {
    return (await this.getStockRow(productId))?.quantity ?? null;
  }

  /** The product's own stock row id and quantity (see getStock), or null. */
  async getStockRow(productId: number): Promise<{ id: number; quantity: number } | null> {
    const { data } = await this.http.json({
      method: 'GET',
      path: 'stock_availables',
      query: { 'filter[id_product]': `[${productId}]`, 'filter[id_product_attribute]': '[0]', display: '[id,quantity]', sort: '[id_ASC]' },
    });
    const row = entitiesOf(data, 'stock_availables', 'stock_available')[0];
    if (!row) return null;
    const quantity = Number.parseInt(str(row.quantity), 10);
    if (Number.isNaN(quantity)) throw err('PROTOCOL', `PrestaShop stock row ${str(row.id)} of product ${productId} has no integer quantity`);
    return { id: int(row.id), quantity };
  }

  /**
   * Sets the product's own quantity (the `stock_availables` row with `id_product_attribute=0`). With the row id
   * known (from a create's answer) 8.x needs one PATCH; otherwise the row is looked up first. 1.7 always reads
   * the complete row (a PUT resets omitted fields).
   */
  async setStock(productId: number, quantity: number, knownRowId?: number | null): Promise<void> {
    if (!Number.isInteger(quantity)) throw err('VALIDATION', `stock quantity must be an integer (got ${quantity})`, { field: 'quantity' });
    if (knownRowId && (await this.patched(`stock_availables/${knownRowId}`, 'stock_available', [['id', knownRowId], ['quantity', quantity]]))) return;
    const { data } = await this.http.json({
      method: 'GET',
      path: 'stock_availables',
      query: { 'filter[id_product]': `[${productId}]`, 'filter[id_product_attribute]': '[0]', display: 'full' },
    });
    const row = entitiesOf(data, 'stock_availables', 'stock_available')[0];
    if (!row) throw err('NOT_FOUND', `PrestaShop has no stock row for product ${productId}`, { status: 404 });
    const id = int(row.id);
    if (await this.patched(`stock_availables/${id}`, 'stock_available', [['id', id], ['quantity', quantity]])) return;
    // 1.7: the complete row, or the omitted id_shop/location would be reset.
    const fields: Array<[string, XmlFieldValue]> = [['id', id]];
    for (const name of ['id_product', 'id_product_attribute', 'id_shop', 'id_shop_group', 'depends_on_stock', 'out_of_stock', 'location']) fields.push([name, str(row[name])]);
    fields.push(['quantity', quantity]);
    await this.write('PUT', `stock_availables/${id}`, 'stock_available', fields);
  }

  // ---- images ---------------------------------------------------------------------------------------------

  /** Uploads one image (multipart part `image`); the shop makes it the cover when the product has none. */
  async uploadProductImage(productId: number, bytes: Uint8Array, contentType: string, filename: string): Promise<UploadedImage> {
    const type = IMAGE_TYPES[contentType.toLowerCase()];
    if (!type || (type.since8 && (await this.majorVersion()) !== '8')) {
      throw err('VALIDATION', `image type ${contentType} is not accepted by this PrestaShop version`, { field: 'image' });
    }
    if (bytes.length === 0) throw err('VALIDATION', 'image is empty', { field: 'image' });
    const base = filename.replace(/[/\\]/g, '_') || 'image';
    const name = /\.(gif|jpe?g|jpe|png|webp)$/i.test(base) ? base : `${base}.${type.ext}`;
    const form = new FormData();
    form.append('image', new Blob([bytes], { type: contentType }), name);
    const answer = await this.http.request({ method: 'POST', path: `images/products/${productId}`, body: form });
    const doc = xmlReader.parse(answer.text) as { prestashop?: { image?: Record<string, unknown> } };
    const img = doc.prestashop?.image;
    if (!img) throw err('PROTOCOL', `PrestaShop image upload for product ${productId} answered without an image`);
    return { id: int(img.id), productId: int(img.id_product) || productId, position: int(img.position), cover: bool(img.cover) };
  }

  /** Ids of the product's images in position order; empty when it has none (the shop answers 404 then). */
  async listProductImageIds(productId: number): Promise<number[]> {
    const answer = await this.http.request({ method: 'GET', path: `images/products/${productId}`, allowStatus: [404] });
    if (answer.status === 404 || answer.text.trim() === '') return [];
    const doc = xmlReader.parse(answer.text) as { prestashop?: { image?: { declination?: unknown } } };
    const decl = doc.prestashop?.image?.declination;
    const list = Array.isArray(decl) ? decl : decl ? [decl] : [];
    return list.map((d) => int((d as Record<string, unknown>).id));
  }

  /** The stored original of one product image (bytes and type as the shop answers them). */
  async downloadProductImage(productId: number, imageId: number): Promise<{ bytes: Buffer; contentType: string }> {
    const answer = await this.http.request({ method: 'GET', path: `images/products/${productId}/${imageId}` });
    return { bytes: answer.bytes, contentType: (answer.headers.get('content-type') ?? 'image/jpeg').split(';')[0].trim() };
  }

  /** Deletes one product image; an unknown image (400 code 57) or product is a NOT_FOUND error. */
  async deleteProductImage(productId: number, imageId: number): Promise<void> {
    try {
      await this.http.request({ method: 'DELETE', path: `images/products/${productId}/${imageId}` });
    } catch (e) {
      if (e instanceof ConnectorError && e.status === 400 && String(e.remoteCode) === '57') throw err('NOT_FOUND', `PrestaShop has no image ${imageId} of product ${productId}`, { status: 404 });
      throw e;
    }
  }

  /**
   * Makes `imageId` the product's cover (the virtual product field `id_default_image`, reference §3): 8.x one PATCH;
   * 1.7 GET + PUT of the whole product with the field added.
   */
  async setProductCover(productId: number, imageId: number): Promise<void> {
    if (await this.patched(`products/${productId}`, 'product', [['id', productId], ['id_default_image', imageId]])) return;
    const raw = await this.rawProduct(productId);
    const body = putBody(raw, {}, await this.singleLanguageId());
    await this.write('PUT', `products/${productId}`, 'product', [...body.fields, ['id_default_image', imageId]], body.associations);
  }

  // ---- categories, taxes ----------------------------------------------------------------------------------

  /** The child of `parentId` named `name` (any language, exact), created (active, with link_rewrite) if missing. */
  async findOrCreateCategory(name: string, parentId: number, languageIds?: LangId[]): Promise<CategoryRef> {
    const wanted = name.trim();
    const single = await this.singleLanguageId();
    const { data } = await this.http.json({ method: 'GET', path: 'categories', query: { 'filter[id_parent]': `[${parentId}]`, display: '[id,name]', sort: '[id_ASC]' } });
    for (const c of entitiesOf(data, 'categories', 'category')) {
      if (Object.values(multilang(c.name, single)).some((n) => n.trim() === wanted)) return { id: int(c.id), created: false };
    }
    const langs = languageIds ?? (await this.activeLanguageIds());
    const each = (v: string) => ({ langs: Object.fromEntries(langs.map((l) => [l, v])) });
    const fields: Array<[string, XmlFieldValue]> = [
      ['id_parent', parentId],
      ['active', '1'],
      ['name', each(wanted)],
      ['link_rewrite', each(linkRewrite(wanted, 'category'))],
    ];
    const res = await this.http.json({ method: 'POST', path: 'categories', body: entityXml('category', fields) });
    const [created] = entitiesOf(res.data, 'categories', 'category');
    if (!created) throw err('PROTOCOL', 'PrestaShop created a category but did not return it');
    return { id: int(created.id), created: true };
  }

  /** Direct children of a category with their names per language id. */
  async listChildCategories(parentId: number): Promise<Array<{ id: number; names: Record<LangId, string> }>> {
    const single = await this.singleLanguageId();
    const { data } = await this.http.json({ method: 'GET', path: 'categories', query: { 'filter[id_parent]': `[${parentId}]`, display: '[id,name]', sort: '[id_ASC]' } });
    return entitiesOf(data, 'categories', 'category').map((c) => ({ id: int(c.id), names: multilang(c.name, single) }));
  }

  /** Which of `ids` exist (one request). */
  async existingCategoryIds(ids: number[]): Promise<Set<number>> {
    if (!ids.length) return new Set();
    const { data } = await this.http.json({ method: 'GET', path: 'categories', query: { 'filter[id]': `[${ids.join('|')}]`, display: '[id]' } });
    return new Set(entitiesOf(data, 'categories', 'category').map((c) => int(c.id)));
  }

  /** Creates an active category with a name and `link_rewrite` per language id; returns its id. */
  async createCategory(parentId: number, names: Record<LangId, string>, linkRewrites: Record<LangId, string>): Promise<number> {
    const fields: Array<[string, XmlFieldValue]> = [
      ['id_parent', parentId],
      ['active', '1'],
      ['name', { langs: names }],
      ['link_rewrite', { langs: linkRewrites }],
    ];
    const res = await this.http.json({ method: 'POST', path: 'categories', body: entityXml('category', fields) });
    const [created] = entitiesOf(res.data, 'categories', 'category');
    if (!created) throw err('PROTOCOL', 'PrestaShop created a category but did not return it');
    return int(created.id);
  }

  /** Deletes a category (and, as PrestaShop does, its subtree); an unknown id is a NOT_FOUND error. */
  async deleteCategory(id: number): Promise<void> {
    await this.http.request({ method: 'DELETE', path: `categories/${id}` });
  }

  /** Tax rule groups that are not deleted (historised groups are flagged `deleted=1`). */
  async listTaxRuleGroups(): Promise<TaxRuleGroup[]> {
    const { data } = await this.http.json({ method: 'GET', path: 'tax_rule_groups', query: { display: '[id,name,active,deleted]', 'filter[deleted]': '[0]', sort: '[id_ASC]' } });
    return entitiesOf(data, 'tax_rule_groups', 'tax_rule_group').map((t) => ({ id: int(t.id), name: str(t.name), active: bool(t.active), deleted: bool(t.deleted) }));
  }
}
