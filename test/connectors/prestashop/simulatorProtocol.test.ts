import { startPrestaShopSimulator, type PrestaShopSimulator } from '../../../src/simulators/prestashop';
import { describeSimOnly } from './shopTarget';

/**
 * The simulator answers plain HTTP the way the reference documents a real shop (requests built by hand here,
 * not by our client), so any PrestaShop client gets the same answers.
 */
describeSimOnly('PrestaShop simulator speaks the documented webservice protocol', () => {
  let v8: PrestaShopSimulator;
  let v17: PrestaShopSimulator;

  beforeAll(async () => {
    [v8, v17] = await Promise.all([
      startPrestaShopSimulator({ version: '8.2', languages: ['pl', 'en'], extraKeys: [{ key: 'R'.repeat(32), active: true, permissions: { products: ['GET'] } }] }),
      startPrestaShopSimulator({ version: '1.7.8', languages: ['pl'] }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([v8.stop(), v17.stop()]);
  });

  const call = async (sim: PrestaShopSimulator, method: string, path: string, body?: string | FormData, key: string | null = sim.key) => {
    const headers: Record<string, string> = key === null ? {} : { Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` };
    const res = await fetch(`${sim.url}${path}`, { method, headers, body });
    return { status: res.status, headers: res.headers, text: await res.text() };
  };
  const xmlProduct = (inner: string) => `<?xml version="1.0" encoding="UTF-8"?><prestashop xmlns:xlink="http://www.w3.org/1999/xlink"><product>${inner}</product></prestashop>`;
  const minimal = (ref: string) =>
    xmlProduct(`<reference>${ref}</reference><price>10</price><state>1</state><active>1</active><id_category_default>2</id_category_default><name><language id="1">Nazwa ${ref}</language></name><associations><categories><category><id>2</id></category></categories></associations>`);
  const createdId = async (sim: PrestaShopSimulator, ref: string) => {
    const r = await call(sim, 'POST', '/api/products?output_format=JSON', minimal(ref));
    expect(r.status).toBe(201);
    return (JSON.parse(r.text) as { product: { id: number } }).product.id;
  };

  test('no key: 401 plain text with WWW-Authenticate; ws_key in the query works', async () => {
    const r = await call(v8, 'GET', '/api/products', undefined, null);
    expect(r.status).toBe(401);
    expect(r.text).toBe('401 Unauthorized');
    expect(r.headers.get('www-authenticate')).toMatch(/^Basic realm="Welcome to PrestaShop Webservice/);
    expect(r.headers.get('psws-version')).toBeNull(); // 8.x: only after authentication
    expect((await call(v17, 'GET', '/api/products', undefined, null)).headers.get('psws-version')).toBe('1.7.8.10');
    const q = await call(v8, 'GET', `/api/languages?ws_key=${v8.key}`, undefined, null);
    expect(q.status).toBe(200);
  });

  test('a wrong key gets the error document with codes 20 and 21; a short one code 18', async () => {
    const r = await call(v8, 'GET', '/api/products', undefined, 'Z'.repeat(32));
    expect(r.status).toBe(401);
    expect(r.headers.get('content-type')).toBe('text/xml');
    expect(r.text).toContain('<code><![CDATA[20]]></code>');
    expect(r.text).toContain('<message><![CDATA[Authentification key is not active]]></message>');
    expect(r.text).toContain('<code><![CDATA[21]]></code>');
    const short = await call(v8, 'GET', '/api/products?output_format=JSON', undefined, 'short');
    expect(JSON.parse(short.text)).toEqual({ errors: [{ code: 18, message: 'Invalid authentication key format' }] });
  });

  test('per-resource and per-method permissions: 401/26 and 405/25', async () => {
    const r = await call(v8, 'GET', '/api/categories?output_format=JSON', undefined, 'R'.repeat(32));
    expect(r.status).toBe(401);
    expect(JSON.parse(r.text).errors[0]).toEqual({ code: 26, message: 'Resource of type "categories" is not allowed with this authentication key' });
    const w = await call(v8, 'POST', '/api/products?output_format=JSON', minimal('X'), 'R'.repeat(32));
    expect(w.status).toBe(405);
    expect(JSON.parse(w.text).errors[0].code).toBe(25);
  });

  test('JSON: an empty list is a bare [], ids are integers, other scalars strings', async () => {
    const empty = await call(v8, 'GET', '/api/products?output_format=JSON&filter[reference]=[NOPE]');
    expect(empty.status).toBe(200);
    expect(empty.text).toBe('[]');
    const id = await createdId(v8, 'JSON-1');
    const list = JSON.parse((await call(v8, 'GET', `/api/products?output_format=JSON&filter[id]=[${id}]`)).text);
    expect(list).toEqual({ products: [{ id }] });
    const lower = await call(v8, 'GET', `/api/products/${id}?output_format=json`);
    expect(lower.headers.get('content-type')).toBe('text/xml'); // only the exact "JSON" selects JSON
  });

  test('JSON detail: singular key without display (8.x drops falsy fields), plural array with display', async () => {
    const id = await createdId(v8, 'JSON-2');
    const detail = JSON.parse((await call(v8, 'GET', `/api/products/${id}?output_format=JSON`)).text);
    expect(detail.product).toMatchObject({ id, reference: 'JSON-2', price: '10.000000', active: '1' });
    expect(detail.product).not.toHaveProperty('ean13');
    expect(detail.product).not.toHaveProperty('id_manufacturer');
    expect(detail.product.name).toEqual([{ id: '1', value: 'Nazwa JSON-2' }, { id: '2', value: '' }]);
    expect(detail.product.associations.categories).toEqual([{ id: '2' }]);
    const full = JSON.parse((await call(v8, 'GET', `/api/products/${id}?output_format=JSON&display=full`)).text);
    expect(full.products).toHaveLength(1);
    expect(full.products[0]).toMatchObject({ ean13: '', id_manufacturer: '0' });
    // 1.7.8 keeps falsy fields, and a one-language shop gives plain strings
    const id17 = await createdId(v17, 'JSON-3');
    const d17 = JSON.parse((await call(v17, 'GET', `/api/products/${id17}?output_format=JSON`)).text);
    expect(d17.product).toMatchObject({ ean13: '', id_manufacturer: '0', name: 'Nazwa JSON-3', link_rewrite: 'nazwa-json-3' });
  });

  test('XML: CDATA values, xlink only on truthy ids, notFilterable on virtual fields, stock row auto-created', async () => {
    const id = await createdId(v8, 'XML-1');
    const r = await call(v8, 'GET', `/api/products/${id}`);
    expect(r.headers.get('content-sha1')).toMatch(/^[0-9a-f]{40}$/);
    expect(r.text).toContain(`<id_category_default xlink:href="${v8.url}/api/categories/2"><![CDATA[2]]></id_category_default>`);
    expect(r.text).toContain('<id_manufacturer><![CDATA[0]]></id_manufacturer>');
    expect(r.text).toContain('<manufacturer_name notFilterable="true"><![CDATA[]]></manufacturer_name>');
    expect(r.text).toMatch(/<stock_availables nodeType="stock_available" api="stock_availables">\s*<stock_available xlink:href="[^"]+\/api\/stock_availables\/\d+">\s*<id><!\[CDATA\[\d+\]\]><\/id>\s*<id_product_attribute><!\[CDATA\[0\]\]><\/id_product_attribute>/);
    const missing = await call(v8, 'GET', '/api/products/99999');
    expect(missing.status).toBe(404);
    expect(missing.text).toBe('');
  });

  test('PUT resets omitted fields; PATCH is 8.x only (405/23 on 1.7.8)', async () => {
    const id = await createdId(v8, 'PUT-1');
    const put = await call(v8, 'PUT', `/api/products/${id}?output_format=JSON&display=full`, xmlProduct(`<id>${id}</id><price>11</price>`));
    expect(put.status).toBe(200);
    const after = JSON.parse(put.text).products[0];
    expect(after).toMatchObject({ price: '11.000000', active: '0', reference: '', id_category_default: '0', name: [{ id: '1', value: '' }, { id: '2', value: '' }] });
    const id17 = await createdId(v17, 'PATCH-1');
    const patch = await call(v17, 'PATCH', `/api/products/${id17}`, xmlProduct(`<id>${id17}</id><price>3</price>`));
    expect(patch.status).toBe(405);
    expect(patch.text).toContain('<message><![CDATA[Method PATCH is not valid]]></message>');
    const id8 = await createdId(v8, 'PATCH-2');
    const ok = JSON.parse((await call(v8, 'PATCH', `/api/products/${id8}?output_format=JSON`, xmlProduct(`<id>${id8}</id><price>3</price>`))).text);
    expect(ok.product).toMatchObject({ price: '3.000000', reference: 'PATCH-2', active: '1' });
  });

  test('write rules: required 41, read-only 93, id 90/91, whitespace 85, position_in_category 134, bad XML 127', async () => {
    const err = async (method: string, path: string, body: string) => {
      const r = await call(v8, method, `${path}?output_format=JSON`, body);
      return { status: r.status, ...(JSON.parse(r.text).errors.at(-1) as { code: number; message: string }) };
    };
    expect(await err('POST', '/api/products', xmlProduct('<reference>A</reference>'))).toEqual({ status: 400, code: 41, message: 'parameter "price" required' });
    expect(await err('POST', '/api/products', xmlProduct('<price>1</price><manufacturer_name>X</manufacturer_name>'))).toEqual({ status: 400, code: 93, message: 'parameter "manufacturer_name" not writable. Please remove this attribute of this XML' });
    expect(await err('POST', '/api/products', xmlProduct('<id>5</id><price>1</price>'))).toMatchObject({ status: 400, code: 91 });
    expect(await err('PUT', '/api/products/1', xmlProduct('<price>1</price>'))).toMatchObject({ status: 400, code: 90 });
    expect(await err('POST', '/api/products', xmlProduct('<price>\n  10\n</price>'))).toEqual({ status: 400, code: 85, message: 'Validation error: "Property Product->price is not valid"' });
    expect(await err('POST', '/api/products', xmlProduct('<price>1</price><reference>' + 'R'.repeat(70) + '</reference>'))).toMatchObject({ code: 85, message: 'Validation error: "The length of property Product->reference is currently 70 chars. It must be between 0 and 64 chars."' });
    expect(await err('POST', '/api/products', xmlProduct('<price>1</price><id_category_default>2</id_category_default><position_in_category></position_in_category>'))).toEqual({ status: 500, code: 134, message: 'You cannot set 0 or a negative position, the minimum is 1.' });
    expect(await err('POST', '/api/products', '{"product":{"price":"1"}}')).toMatchObject({ status: 500, code: 127 });
    expect(await err('POST', '/api/stock_availables', xmlProduct('<quantity>1</quantity>'))).toEqual({ status: 405, code: 101, message: 'Method POST is not allowed for the resource stock_availables' });
  });

  test('filter grammar, sort, limit and their errors', async () => {
    for (const ref of ['FLT-a1', 'FLT-b2', 'FLT-c3']) await createdId(v17, ref);
    const refs = async (qs: string) => {
      const r = await call(v17, 'GET', `/api/products?output_format=JSON&display=[id,reference]&${qs}`);
      const data = JSON.parse(r.text);
      return Array.isArray(data) ? [] : (data.products as Array<{ reference: string }>).map((p) => p.reference);
    };
    expect(await refs('filter[reference]=[flt-a1]')).toEqual(['FLT-a1']);
    expect(await refs('filter[reference]=[FLT-a1|FLT-c3]&sort=[reference_DESC]')).toEqual(['FLT-c3', 'FLT-a1']);
    expect(await refs('filter[reference]=FLT%[b]%')).toEqual(['FLT-b2']);
    expect(await refs(`filter[reference]=[FLT]%&sort=[id_ASC]&limit=1,1`)).toEqual(['FLT-b2']);
    expect(await refs('filter[reference]=![FLT-a1|FLT-b2]&filter[reference]=[FLT]%')).toEqual(['FLT-c3']);
    const codeOf = async (qs: string) => JSON.parse((await call(v17, 'GET', `/api/products?output_format=JSON&${qs}`)).text).errors[0].code as number;
    expect(await codeOf('filter[nope]=[1]')).toBe(32);
    expect(await codeOf('filter[reference]=')).toBe(33);
    expect(await codeOf('filter[quantity]=[1]')).toBe(34);
    expect(await codeOf('display=[nope]')).toBe(35);
    expect(await codeOf('display=reference')).toBe(36);
    expect(await codeOf('sort=reference')).toBe(37);
    expect(await codeOf('sort=[quantity_ASC]')).toBe(38);
    expect(await codeOf('limit=1,2,3')).toBe(39);
    expect(await codeOf('filter[date_upd]=[2020-01-01]')).toBe(32);
  });

  test('image upload: multipart part "image", 200 with the image id, type checked, listing', async () => {
    const id = await createdId(v8, 'IMG-1');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
    const form = new FormData();
    form.append('image', new Blob([png], { type: 'image/png' }), 'mug.png');
    const r = await call(v8, 'POST', `/api/images/products/${id}`, form);
    expect(r.status).toBe(200);
    expect(r.text).toMatch(/<image>\s*<id><!\[CDATA\[(\d+)\]\]><\/id>\s*<id_product><!\[CDATA\[\d+\]\]><\/id_product>\s*<position><!\[CDATA\[1\]\]><\/position>\s*<cover><!\[CDATA\[1\]\]><\/cover>/);
    const noExt = new FormData();
    noExt.append('image', new Blob([png], { type: 'image/png' }), 'mug');
    const bad = await call(v8, 'POST', `/api/images/products/${id}`, noExt);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('Image upload error : Image format not recognized');
    const listing = await call(v8, 'GET', `/api/images/products/${id}`);
    expect(listing.text).toMatch(/<declination id="\d+" xlink:href="[^"]+"\/>/);
    expect((await call(v8, 'GET', `/api/images/products/${await createdId(v8, 'IMG-2')}`)).status).toBe(404);
  });

  test('product images (reference §4.3): appended in position order, first one the cover, cover set by id_default_image, delete closes the gap', async () => {
    for (const sim of [v17, v8]) {
      const id = await createdId(sim, `IMGS-${sim === v8 ? 8 : 17}`);
      const gif = (n: number) => Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0x80, 0, 0, n, n, n, 0xff, 0xff, 0xff, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b])]);
      const uploaded: Array<{ id: number; position: number; cover: number }> = [];
      for (const n of [1, 2, 3]) {
        const form = new FormData();
        form.append('image', new Blob([gif(n)], { type: 'image/gif' }), `p${n}.gif`);
        const r = await call(sim, 'POST', `/api/images/products/${id}`, form);
        expect(r.status).toBe(200);
        const [, iid, pos, cover] = /<id><!\[CDATA\[(\d+)\]\]><\/id>.*?<position><!\[CDATA\[(\d+)\]\]><\/position>\s*<cover><!\[CDATA\[(\d)\]\]>/s.exec(r.text)!;
        uploaded.push({ id: Number(iid), position: Number(pos), cover: Number(cover) });
      }
      expect(uploaded.map((u) => [u.position, u.cover])).toEqual([[1, 1], [2, 0], [3, 0]]);
      const listed = async () => [...(await call(sim, 'GET', `/api/images/products/${id}`)).text.matchAll(/<declination id="(\d+)"/g)].map((m) => Number(m[1]));
      expect(await listed()).toEqual(uploaded.map((u) => u.id));
      const original = await fetch(`${sim.url}/api/images/products/${id}/${uploaded[1].id}`, { headers: { Authorization: `Basic ${Buffer.from(`${sim.key}:`).toString('base64')}` } });
      expect(original.headers.get('content-type')).toBe('image/gif');
      expect(Buffer.from(await original.arrayBuffer()).equals(gif(2))).toBe(true);
      // The cover is the product's virtual field id_default_image (8.x PATCH; 1.7 has no PATCH: a full PUT would carry it).
      const coverOf = async () => JSON.parse((await call(sim, 'GET', `/api/products/${id}?output_format=JSON&display=[id,id_default_image]`)).text).products[0].id_default_image;
      if (sim === v8) {
        const set = await call(sim, 'PATCH', `/api/products/${id}`, xmlProduct(`<id>${id}</id><id_default_image>${uploaded[2].id}</id_default_image>`));
        expect(set.status).toBe(200);
        expect(String(await coverOf())).toBe(String(uploaded[2].id));
      } else {
        expect((await call(sim, 'PATCH', `/api/products/${id}`, xmlProduct(`<id>${id}</id><id_default_image>${uploaded[2].id}</id_default_image>`))).status).toBe(405);
      }
      const del = await call(sim, 'DELETE', `/api/images/products/${id}/${uploaded[0].id}`);
      expect([del.status, del.text]).toEqual([200, '']);
      expect(await listed()).toEqual([uploaded[1].id, uploaded[2].id]);
      const again = await call(sim, 'DELETE', `/api/images/products/${id}/${uploaded[0].id}`);
      expect(again.status).toBe(400);
      expect(again.text).toContain('This image id does not exist');
    }
  });

  test('resource list, blank schema, stock that depends on stock, inspection API', async () => {
    const api = await call(v8, 'GET', '/api/');
    expect(api.text).toMatch(/<products xlink:href="[^"]+\/api\/products" get="true" put="true" post="true" patch="true" delete="true" head="true">/);
    expect((await call(v17, 'GET', '/api/')).text).not.toContain('patch=');
    const blank = await call(v8, 'GET', '/api/products?schema=blank');
    expect(blank.text).toContain('<id><![CDATA[]]></id>');
    expect(blank.text).not.toContain('<manufacturer_name');
    const id = await createdId(v8, 'STK-1');
    const stock = JSON.parse((await call(v8, 'GET', `/api/stock_availables?output_format=JSON&display=full&filter[id_product]=[${id}]`)).text).stock_availables[0];
    expect(stock).toMatchObject({ id_product_attribute: '0', quantity: '0', out_of_stock: '2', depends_on_stock: '0' });
    const dep = await call(v8, 'PATCH', `/api/stock_availables/${stock.id}?output_format=JSON`, `<prestashop><stock_available><id>${stock.id}</id><depends_on_stock>1</depends_on_stock></stock_available></prestashop>`);
    expect(dep.status).toBe(500);
    expect(JSON.parse(dep.text).errors.map((e: { code: number }) => e.code)).toEqual([133, 46]);
    const log = (await (await fetch(`${v8.url}/__sim/requests`)).json()) as { requests: Array<{ method: string; write: boolean }> };
    expect(log.requests.filter((x) => x.write).length).toBeGreaterThan(0);
    await fetch(`${v8.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ fail503Next: 1 }) });
    expect((await call(v8, 'GET', '/api/languages')).status).toBe(503);
    await fetch(`${v8.url}/__sim/faults`, { method: 'DELETE' });
    expect((await call(v8, 'GET', '/api/languages')).status).toBe(200);
  });
});
