import { linkRewrite, PrestaShopClient } from '../connectors/prestashop';

/** A category of a demo shop's own tree: its name per ISO language, and its children. */
export interface DemoCategory {
  names: Record<string, string>;
  children?: DemoCategory[];
  /** The catalogue's categories go under this one (the shop's rootCategoryId). */
  catalogueRoot?: boolean;
}

const HOME = 2;

/**
 * Gives a demo shop the category tree a merchant built before PPM Sync came (found again by name on later runs,
 * never doubled), and returns the id the catalogue goes under: the node marked `catalogueRoot`, or Home.
 */
export async function ensureDemoCategoryTree(url: string, key: string, languages: string[], tree: DemoCategory[]): Promise<number> {
  const langIds = Object.fromEntries(languages.map((iso, i) => [iso, i + 1]));
  const client = new PrestaShopClient({ baseUrl: url, apiKey: key, languages: langIds, maxConcurrency: 1, maxRequestsPerSecond: 100 });
  let root = HOME;
  const ensure = async (parentId: number, nodes: DemoCategory[]): Promise<void> => {
    const existing = nodes.length ? await client.listChildCategories(parentId) : [];
    for (const node of nodes) {
      const byId = Object.fromEntries(Object.entries(node.names).map(([iso, name]) => [langIds[iso], name]));
      const found = existing.find((c) => Object.entries(byId).every(([id, name]) => c.names[Number(id)] === name));
      const id = found?.id ?? (await client.createCategory(parentId, byId, Object.fromEntries(Object.entries(byId).map(([id, name]) => [id, linkRewrite(name, 'category')]))));
      if (node.catalogueRoot) root = id;
      await ensure(id, node.children ?? []);
    }
  };
  await ensure(HOME, tree);
  return root;
}
