import { QueryTypes } from 'sequelize';
import { startTestStack, type TestStack } from '../helpers/testStack';

/** GET /api/v1/products?q=… over HTTP finds products by the texts of their translations too (every language, folded). */
describe('finding products by their translations', () => {
  let stack: TestStack;
  let user: Record<string, string>;
  const tag = `FTR${Date.now().toString(36).toUpperCase()}`;
  const word = `kvz${Date.now().toString(36)}`; // a made-up word only this file's products contain
  const ids: Record<string, number> = {};

  const get = async (query: string) => {
    const res = await fetch(`${stack.baseUrl}/api/v1/products?${query}`, { headers: user });
    return { status: res.status, body: (await res.json()) as any };
  };
  const skus = (body: any) => body.items.map((p: any) => p.sku.slice(tag.length + 1));
  const find = async (q: string, more = `skuPrefix=${tag}-`) => {
    const res = await get(`q=${encodeURIComponent(q)}${more ? `&${more}` : ''}`);
    expect(res.status).toBe(200);
    return skus(res.body).sort();
  };

  beforeAll(async () => {
    stack = await startTestStack({ worker: false });
    user = await stack.authHeaders('user');
    const products: [string, string, string][] = [
      // suffix, main (English) name, status (4 first: the lowest id, so only its rank can put it before 1)
      ['4', 'Red mallet', 'active'],
      ['1', 'Yellow hammer', 'active'],
      ['2', `Młotek stolarski ${word}`, 'inactive'],
      ['3', 'Blue saw', 'active'],
    ];
    for (const [suffix, name, status] of products) {
      const [r] = await stack.sequelize.query<{ id: number }>(`INSERT INTO products (sku, name, status) VALUES ($1, $2, $3) RETURNING id`, {
        bind: [`${tag}-${suffix}`, name, status],
        type: QueryTypes.SELECT,
      });
      ids[suffix] = r.id;
    }
    const translation = `INSERT INTO product_translations (product_id, lang, name, description_short, description) VALUES ($1, $2, $3, $4, $5)`;
    // The Polish and German texts exist only as translations; the main texts are English.
    await stack.sequelize.query(translation, { bind: [ids['1'], 'pl', 'Żółty młotek', `Młotek ślusarski ${word}`, null] });
    await stack.sequelize.query(translation, { bind: [ids['1'], 'de', 'Gelber Hammer', null, 'Stiel aus Eschenholz'] });
    await stack.sequelize.query(translation, { bind: [ids['3'], 'pl', 'Niebieska piła', null, null] });
    await stack.sequelize.query(translation, { bind: [ids['4'], 'pl', `Młotek gumowy ${word}`, null, null] });
  });
  afterAll(async () => {
    await stack.sequelize.query(`DELETE FROM products WHERE sku LIKE $1`, { bind: [`${tag}%`] });
    await stack.stop();
  });

  it('finds a product by the name or descriptions of any of its translations, ignoring case and accents', async () => {
    expect(await find('zolty mlotek')).toEqual(['1']);
    expect(await find('ŻÓŁTY MŁOTEK')).toEqual(['1']);
    // Without any other filter: the made-up word is only in the Polish short description.
    const everywhere = await get(`q=${encodeURIComponent(`zolty mlotek ${word}`)}`);
    expect(everywhere.status).toBe(200);
    expect(skus(everywhere.body)).toEqual(['1']);
    expect(everywhere.body).toMatchObject({ total: 1, totalExact: true });
    // "młotek" is in the Polish names of products 1 and 4 and in product 2's own name.
    expect(await find('młotek')).toEqual(['1', '2', '4']);
    expect(await find('mlot')).toEqual(['1', '2', '4']);
    expect(await find('gelber')).toEqual(['1']);
    expect(await find('eschenholz')).toEqual(['1']);
    expect(await find('hammer')).toEqual(['1']);
    expect(await find('piła')).toEqual(['3']);
    // An SKU prefix still finds by the SKU.
    expect(await find(`${tag}-3`.toLowerCase(), '')).toEqual(['3']);
  });

  it('does not find by words the product has in none of its texts', async () => {
    expect(await find('gwóźdź')).toEqual([]);
    expect(await find(`zolty gwozdz ${word}`, '')).toEqual([]);
    // Every word must match one text: the Polish name of one product and the Polish name of another do not combine.
    expect(await find('niebieska młotek')).toEqual([]);
  });

  it('combines with filters, sorts and paging', async () => {
    expect(await find('młotek', `skuPrefix=${tag}-&status=active`)).toEqual(['1', '4']);
    expect(await find('młotek', `skuPrefix=${tag}-&status=inactive`)).toEqual(['2']);
    // Sorted by the main name: "Yellow hammer", "Red mallet", "Młotek stolarski …".
    const byName = await get(`q=${encodeURIComponent(`młotek ${word}`)}&sort=-name`);
    expect(skus(byName.body)).toEqual(['1', '4', '2']);
    // Relevance paging with a cursor walks all three once each, the translation-only matches included; both words in a
    // name (product 2's own, product 4's Polish one) rank above a match through a description (product 1's Polish one).
    const seen: string[] = [];
    let cursor: string | null = null;
    let first = true;
    while (first || cursor) {
      const res: { status: number; body: any } = await get(`q=${encodeURIComponent(`mlotek ${word}`)}&pageSize=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(res.status).toBe(200);
      if (first) expect(res.body).toMatchObject({ total: 3, totalExact: true });
      seen.push(...skus(res.body));
      cursor = res.body.nextCursor;
      first = false;
    }
    expect(seen).toHaveLength(3);
    expect(seen.slice(0, 2).sort()).toEqual(['2', '4']);
    expect(seen[2]).toBe('1');
  });

  it('follows edits of the translations', async () => {
    await stack.sequelize.query(`UPDATE product_translations SET name = 'Czerwony młotek' WHERE product_id = $1 AND lang = 'pl'`, { bind: [ids['1']] });
    expect(await find('zolty')).toEqual([]);
    expect(await find('czerwony mlotek')).toEqual(['1']);
    await stack.sequelize.query(`DELETE FROM product_translations WHERE product_id = $1`, { bind: [ids['1']] });
    expect(await find('czerwony')).toEqual([]);
    expect(await find('gelber')).toEqual([]);
  });
});
