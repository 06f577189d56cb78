import { QueryTypes } from 'sequelize';
import { solidPng } from '../../src/simulators/dynamics/pngImage';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** A 1×1 GIF89a and a file that only claims to be an image. */
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const NOT_AN_IMAGE = Buffer.from('%PDF-1.4 this is not an image at all');

/** Categories, translations, product categories and images over HTTP: rules, 4xx naming the field, nothing half-written. */
describe('catalogue content API (categories, translations, images)', () => {
  let stack: TestStack;
  let manager: Record<string, string>;
  let user: Record<string, string>;
  let admin: Record<string, string>;
  let shopId: number;
  let productId: number;
  const tag = `CC${Date.now().toString(36).toUpperCase()}`;

  /** Product content writes carry If-Match (here `*`, "whatever version"; the precondition test sends real ETags). */
  const call = async (method: string, path: string, body?: unknown, headers = manager) => {
    const ifMatch: Record<string, string> = method !== 'GET' && path.startsWith('/products/') && !('If-Match' in headers) ? { 'If-Match': '*' } : {};
    const res = await fetch(`${stack.baseUrl}/api/v1${path}`, {
      method,
      headers: { ...ifMatch, ...headers, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as any) : null, headers: res.headers };
  };
  const upload = async (bytes: Buffer, filename = 'photo.jpg', type = 'image/jpeg') => {
    const form = new FormData();
    form.append('image', new Blob([new Uint8Array(bytes)], { type }), filename);
    const res = await fetch(`${stack.baseUrl}/api/v1/products/${productId}/images`, { method: 'POST', headers: { ...manager, 'If-Match': '*' }, body: form });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    stack = await startTestStack({ worker: false, env: { IMAGE_MAX_BYTES: '50000', IMAGE_MAX_DIMENSION: '400', CATALOG_DEFAULT_LANGUAGE: 'pl' } });
    [manager, user, admin] = await Promise.all([stack.authHeaders('manager'), stack.authHeaders('user'), stack.authHeaders('admin')]);
    const [shop] = await stack.sequelize.query<{ id: number }>(
      `INSERT INTO shops (name, base_url, api_key_encrypted, api_key_hint, language_map) VALUES ($1, 'http://127.0.0.1:1', 'x', '••••', '{"pl":1,"en":2,"de":3}') RETURNING id`,
      { bind: [`Sklep ${tag}`], type: QueryTypes.SELECT },
    );
    shopId = shop.id;
    productId = (await call('POST', '/products', { sku: `${tag}-1`, name: 'Młotek ślusarski', priceNet: '19.99' })).body.id;
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM products WHERE sku LIKE $1`, { bind: [`${tag}%`] });
    await stack.sequelize.query(`DELETE FROM shops WHERE id = $1`, { bind: [shopId] });
    await stack.sequelize.query(`DELETE FROM categories WHERE name LIKE $1 AND parent_id IS NOT NULL`, { bind: [`%${tag}%`] });
    await stack.sequelize.query(`DELETE FROM categories WHERE name LIKE $1`, { bind: [`%${tag}%`] });
    await stack.stop();
  });

  it('builds a category tree with names per language, moves with a cycle check and deletes only when empty or reassigned', async () => {
    const root = await call('POST', '/categories', { names: { pl: `Narzędzia ${tag}`, en: `Tools ${tag}` } });
    expect(root.status).toBe(201);
    expect(root.body).toMatchObject({ parentId: null, name: `Narzędzia ${tag}`, names: { pl: `Narzędzia ${tag}`, en: `Tools ${tag}` }, path: [`Narzędzia ${tag}`] });
    const child = (await call('POST', '/categories', { parentId: root.body.id, names: { pl: `Młotki ${tag}` } })).body;
    const grandchild = (await call('POST', '/categories', { parentId: child.id, names: { pl: `Młotki ciesielskie ${tag}` } })).body;
    expect(grandchild.path).toEqual([`Narzędzia ${tag}`, `Młotki ${tag}`, `Młotki ciesielskie ${tag}`]);

    // Bad input names the field; nothing is written.
    expect((await call('POST', '/categories', { names: { en: 'Only English' } })).body.error).toMatchObject({ code: 'DEFAULT_LANGUAGE_NAME_REQUIRED', details: { field: 'names.pl' } });
    expect((await call('POST', '/categories', { names: { pl: 'X', fr: 'Y' } })).body.error).toMatchObject({ code: 'UNKNOWN_LANGUAGE', details: { field: 'names.fr' } });
    expect((await call('POST', '/categories', { parentId: 2_000_000_000, names: { pl: 'X' } })).body.error).toMatchObject({ code: 'UNKNOWN_CATEGORY', details: { field: 'parentId' } });
    expect((await call('POST', '/categories', { parentId: root.body.id, names: { pl: `młotki ${tag}` } })).status).toBe(409);
    const cycle = await call('PATCH', `/categories/${root.body.id}`, { names: { pl: `Renamed ${tag}` }, parentId: grandchild.id });
    expect(cycle.status).toBe(422);
    expect(cycle.body.error).toMatchObject({ code: 'CATEGORY_CYCLE', details: { field: 'parentId' } });
    expect((await call('GET', `/categories/${root.body.id}`, undefined, user)).body.name).toBe(`Narzędzia ${tag}`); // rename rolled back too

    const renamed = await call('PATCH', `/categories/${child.id}`, { names: { en: `Hammers ${tag}` } });
    expect(renamed.body.names).toEqual({ pl: `Młotki ${tag}`, en: `Hammers ${tag}` });
    const moved = await call('PATCH', `/categories/${grandchild.id}`, { parentId: root.body.id });
    expect(moved.body.path).toEqual([`Narzędzia ${tag}`, `Młotki ciesielskie ${tag}`]);

    const tree = await call('GET', '/categories', undefined, user);
    const mine = tree.body.items.find((n: any) => n.id === root.body.id);
    expect(mine.children.map((n: any) => n.id).sort()).toEqual([child.id, grandchild.id].sort());
    const flat = await call('GET', '/categories?view=flat', undefined, user);
    expect(flat.body.items.find((n: any) => n.id === child.id).path).toEqual([`Narzędzia ${tag}`, `Młotki ${tag}`]);
    expect((await call('GET', '/categories?colour=red', undefined, user)).status).toBe(400);

    // Products in categories; delete refused while not empty, then reassigned.
    const set = await call('PUT', `/products/${productId}/categories`, { categoryIds: [child.id, grandchild.id], defaultCategoryId: child.id });
    expect(set.body).toEqual({ categoryIds: [child.id, grandchild.id], defaultCategoryId: child.id });
    expect((await call('PUT', `/products/${productId}/categories`, { categoryIds: [child.id], defaultCategoryId: grandchild.id })).body.error.details.field).toBe('defaultCategoryId');
    expect((await call('PUT', `/products/${productId}/categories`, { categoryIds: [child.id, 2_000_000_000] })).body.error).toMatchObject({ code: 'UNKNOWN_CATEGORY', details: { field: 'categoryIds' } });
    expect((await call('GET', `/products/${productId}/categories`, undefined, user)).body.defaultCategoryId).toBe(child.id); // unchanged after refusals

    const refused = await call('DELETE', `/categories/${child.id}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('CATEGORY_NOT_EMPTY');
    expect((await call('DELETE', `/categories/${child.id}?reassignTo=${child.id}`)).status).toBe(422);
    expect((await call('DELETE', `/categories/${child.id}?reassignTo=${grandchild.id}`)).status).toBe(204);
    expect((await call('GET', `/products/${productId}/categories`, undefined, user)).body).toEqual({ categoryIds: [grandchild.id], defaultCategoryId: grandchild.id });

    // Per-shop mapping: view (user), pin and unpin (admin only).
    expect((await call('PUT', `/categories/${grandchild.id}/shops/${shopId}`, { remoteId: 12 }, manager)).status).toBe(403);
    expect((await call('PUT', `/categories/${grandchild.id}/shops/${shopId}`, { remoteId: 12 }, admin)).status).toBe(204);
    const mapping = await call('GET', `/categories/shops/${shopId}/mapping`, undefined, user);
    expect(mapping.body.items.find((m: any) => m.categoryId === grandchild.id)).toMatchObject({ remoteId: 12, mode: 'pinned', conflictsWith: [] });
    expect(mapping.body.items.find((m: any) => m.categoryId === root.body.id)).toMatchObject({ remoteId: null, mode: 'unmapped' });
    expect((await call('DELETE', `/categories/${grandchild.id}/shops/${shopId}`, undefined, admin)).status).toBe(204);
  });

  it('stores texts per language within PrestaShop limits; the default language is the central text', async () => {
    const en = await call('PUT', `/products/${productId}/translations/en`, { name: 'Fitter hammer', description: '<p>Steel</p>', metaTitle: 'Hammer' });
    expect(en.status).toBe(200);
    expect(en.body.defaultLanguage).toBe('pl');
    expect(en.body.languages.en).toEqual({ name: 'Fitter hammer', description: '<p>Steel</p>', descriptionShort: null, metaTitle: 'Hammer', metaDescription: null, linkRewrite: null });
    expect(en.body.languages.pl.name).toBe('Młotek ślusarski');

    const pl = await call('PUT', `/products/${productId}/translations/pl`, { name: 'Młotek ślusarski 500 g', linkRewrite: 'mlotek-500' });
    expect(pl.body.languages.pl).toMatchObject({ name: 'Młotek ślusarski 500 g', linkRewrite: 'mlotek-500' });
    const detail = (await call('GET', `/products/${productId}`, undefined, user)).body;
    expect(detail.name).toBe('Młotek ślusarski 500 g');
    // The product detail carries its translations too (a frontend needs no second call).
    expect(detail.translations.en).toEqual({ name: 'Fitter hammer', description: '<p>Steel</p>', descriptionShort: null, metaTitle: 'Hammer', metaDescription: null, linkRewrite: null });

    const tooLong = await call('PUT', `/products/${productId}/translations/de`, { name: 'x'.repeat(129) });
    expect(tooLong.status).toBe(400);
    expect(JSON.stringify(tooLong.body.error.details)).toContain('name');
    expect((await call('PUT', `/products/${productId}/translations/de`, { name: 'Hammer', linkRewrite: 'Hammer mit Ü' })).status).toBe(400);
    const fr = await call('PUT', `/products/${productId}/translations/fr`, { name: 'Marteau' });
    expect(fr.status).toBe(422);
    expect(fr.body.error).toMatchObject({ code: 'UNKNOWN_LANGUAGE', details: { field: 'lang' } });
    expect(Object.keys((await call('GET', `/products/${productId}/translations`, undefined, user)).body.languages).sort()).toEqual(['en', 'pl']);
    expect((await call('DELETE', `/products/${productId}/translations/pl`)).status).toBe(422);
    expect(Object.keys((await call('DELETE', `/products/${productId}/translations/en`)).body.languages)).toEqual(['pl']);
  });

  it('accepts images by content, keeps one ordered list with one cover, refuses non-images and oversize with 415/413', async () => {
    const a = await upload(solidPng(20, 10, [255, 0, 0]), 'a.jpg', 'image/jpeg'); // a PNG whatever the name and header say
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ contentType: 'image/png', width: 20, height: 10, position: 0, cover: true });
    const b = await upload(GIF, 'b.png', 'image/png');
    expect(b.body).toMatchObject({ contentType: 'image/gif', position: 1, cover: false });
    const c = await upload(solidPng(30, 30, [0, 0, 255]));
    expect((await upload(solidPng(20, 10, [255, 0, 0]))).status).toBe(200); // same bytes again: the same image

    const bad = await upload(NOT_AN_IMAGE, 'x.png', 'image/png');
    expect(bad.status).toBe(415);
    expect(bad.body.error).toMatchObject({ code: 'UNSUPPORTED_IMAGE', details: { field: 'image' } });
    const huge = await upload(solidPng(500, 10, [1, 2, 3]));
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('IMAGE_TOO_LARGE');
    const heavy = await upload(Buffer.concat([solidPng(10, 10, [1, 2, 3]), Buffer.alloc(60_000)]));
    expect(heavy.status).toBe(413);
    const notMultipart = await call('POST', `/products/${productId}/images`, { image: 'x' });
    expect(notMultipart.status).toBe(415);

    const ordered = await call('PUT', `/products/${productId}/images/order`, { imageIds: [c.body.id, a.body.id, b.body.id] });
    expect(ordered.body.items.map((i: any) => [i.id, i.position])).toEqual([[c.body.id, 0], [a.body.id, 1], [b.body.id, 2]]);
    expect((await call('PUT', `/products/${productId}/images/order`, { imageIds: [c.body.id, a.body.id] })).body.error.details.field).toBe('imageIds');

    const cover = await call('PATCH', `/products/${productId}/images/${b.body.id}`, { cover: true, alt: { pl: 'Młotek z boku', en: 'Hammer, side' } });
    expect(cover.body).toMatchObject({ cover: true, alt: { pl: 'Młotek z boku', en: 'Hammer, side' } });
    expect((await call('PATCH', `/products/${productId}/images/${b.body.id}`, { alt: { fr: 'Marteau' } })).body.error.details.field).toBe('alt.fr');
    const list = await call('GET', `/products/${productId}/images`, undefined, user);
    expect(list.body.items.filter((i: any) => i.cover).map((i: any) => i.id)).toEqual([b.body.id]);

    const dl = await fetch(`${stack.baseUrl}/api/v1/products/${productId}/images/${c.body.id}/content`, { headers: user });
    expect(dl.status).toBe(200);
    expect(dl.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await dl.arrayBuffer()).equals(solidPng(30, 30, [0, 0, 255]))).toBe(true);
    const etag = dl.headers.get('etag')!;
    expect((await fetch(`${stack.baseUrl}/api/v1/products/${productId}/images/${c.body.id}/content`, { headers: { ...user, 'If-None-Match': etag } })).status).toBe(304);

    expect((await call('DELETE', `/products/${productId}/images/${b.body.id}`)).status).toBe(204);
    const after = await call('GET', `/products/${productId}/images`, undefined, user);
    expect(after.body.items.map((i: any) => [i.id, i.position, i.cover])).toEqual([[c.body.id, 0, true], [a.body.id, 1, false]]);
    expect((await call('DELETE', `/products/${productId}/images/${b.body.id}`)).status).toBe(404);
  });
  it('content writes are product writes: 428 without If-Match, 412 when stale, a new ETag after each', async () => {
    const read = await call('GET', `/products/${productId}`, undefined, manager);
    const etag = read.headers.get('etag')!;
    const noHeader = await fetch(`${stack.baseUrl}/api/v1/products/${productId}/translations/en`, { method: 'PUT', headers: { ...manager, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Hammer' }) });
    expect(noHeader.status).toBe(428);
    const first = await call('PUT', `/products/${productId}/translations/en`, { name: 'Hammer' }, { ...manager, 'If-Match': etag });
    expect(first.status).toBe(200);
    const next = first.headers.get('etag')!;
    expect(next).not.toBe(etag);
    const stale = await call('PUT', `/products/${productId}/categories`, { categoryIds: [] }, { ...manager, 'If-Match': etag });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({ code: 'PRECONDITION_FAILED', details: { etag: next } });
    const del = await call('DELETE', `/products/${productId}/translations/en`, undefined, { ...manager, 'If-Match': next });
    expect(del.status).toBe(200);
    expect(del.headers.get('etag')).not.toBe(next);
  });
});
