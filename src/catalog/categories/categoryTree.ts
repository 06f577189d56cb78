import { QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import { CatalogError } from '../catalogError';
import { knownLanguages } from '../languages';
import { touchProducts } from '../productLookups';

/** A central category as the API shows it: names per language, its path from the top, its ERP link. */
export interface CategoryView {
  id: number;
  parentId: number | null;
  position: number;
  /** Name in the catalogue's default language. */
  name: string;
  names: Record<string, string>;
  /** Default-language names from the top of the tree down to this category. */
  path: string[];
  erp: { sourceId: number; groupId: string } | null;
  productCount: number;
  childCount: number;
}

export interface CategoryNode extends CategoryView {
  children: CategoryNode[];
}

interface Row {
  id: number;
  parent_id: number | null;
  position: number;
  name: string;
  names: Record<string, string> | null;
  path: string[];
  erp_source_id: number | null;
  erp_group_id: string | null;
  product_count: number;
  child_count: number;
}

const SELECT_TREE = `
  WITH RECURSIVE walk AS (
    SELECT c.id, ARRAY[c.name]::text[] AS path FROM categories c WHERE c.parent_id IS NULL
    UNION ALL
    SELECT c.id, w.path || c.name::text FROM categories c JOIN walk w ON c.parent_id = w.id
  )
  SELECT c.id, c.parent_id, c.position, c.name, w.path, c.erp_source_id, c.erp_group_id,
         (SELECT jsonb_object_agg(n.lang, n.name) FROM category_names n WHERE n.category_id = c.id) AS names,
         (SELECT count(*)::int FROM product_categories pc WHERE pc.category_id = c.id) AS product_count,
         (SELECT count(*)::int FROM categories k WHERE k.parent_id = c.id) AS child_count
    FROM categories c JOIN walk w ON w.id = c.id`;

function toView(r: Row, defaultLanguage: string): CategoryView {
  return {
    id: r.id,
    parentId: r.parent_id,
    position: r.position,
    name: r.name,
    names: { [defaultLanguage]: r.name, ...(r.names ?? {}) },
    path: r.path,
    erp: r.erp_source_id !== null && r.erp_group_id !== null ? { sourceId: r.erp_source_id, groupId: r.erp_group_id } : null,
    productCount: r.product_count,
    childCount: r.child_count,
  };
}

const isUniqueViolation = (e: unknown) => (e as { parent?: { code?: string } })?.parent?.code === '23505';

/**
 * The central category tree: create, rename per language, move (with a cycle check), delete (refused while
 * products or children remain, unless a category to reassign them to is given), list as a tree or flat with
 * paths. `categories.name` always holds the default-language name (unique among siblings, case-insensitive).
 */
export class CategoryTree {
  constructor(
    private readonly sequelize: Sequelize,
    private readonly defaultLanguage: string,
  ) {}

  async list(): Promise<CategoryView[]> {
    const rows = await this.sequelize.query<Row>(`${SELECT_TREE} ORDER BY w.path`, { type: QueryTypes.SELECT });
    return rows.map((r) => toView(r, this.defaultLanguage));
  }

  async tree(): Promise<CategoryNode[]> {
    const flat = await this.list();
    const nodes = new Map(flat.map((c) => [c.id, { ...c, children: [] as CategoryNode[] }]));
    const roots: CategoryNode[] = [];
    for (const n of nodes.values()) (n.parentId === null ? roots : nodes.get(n.parentId)!.children).push(n);
    const order = (list: CategoryNode[]) => {
      list.sort((a, b) => a.position - b.position || a.name.localeCompare(b.name));
      list.forEach((n) => order(n.children));
    };
    order(roots);
    return roots;
  }

  async get(id: number, t?: Transaction): Promise<CategoryView | null> {
    const rows = await this.sequelize.query<Row>(`${SELECT_TREE} WHERE c.id = $1`, { bind: [id], type: QueryTypes.SELECT, transaction: t });
    return rows[0] ? toView(rows[0], this.defaultLanguage) : null;
  }

  async create(input: { parentId?: number | null; names: Record<string, string>; position?: number; erp?: { sourceId: number; groupId: string } }, outer?: Transaction): Promise<CategoryView> {
    const run = async (t: Transaction) => {
      await this.checkLanguages(input.names, t);
      const name = this.defaultName(input.names);
      const parentId = input.parentId ?? null;
      if (parentId !== null) await this.mustExist(parentId, 'parentId', t);
      const position = input.position ?? (await this.nextPosition(parentId, t));
      const [row] = await this.sequelize.query<{ id: number }>(
        `INSERT INTO categories (parent_id, name, position, erp_source_id, erp_group_id) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        { bind: [parentId, name, position, input.erp?.sourceId ?? null, input.erp?.groupId ?? null], type: QueryTypes.SELECT, transaction: t },
      );
      await this.writeNames(row.id, input.names, t);
      return (await this.get(row.id, t))!;
    };
    return this.guardNames(() => (outer ? run(outer) : this.sequelize.transaction(run)));
  }

  /** Sets the given languages' names (others keep theirs); the default-language name renames the category. */
  async rename(id: number, names: Record<string, string>, outer?: Transaction): Promise<CategoryView> {
    const run = async (t: Transaction) => {
      await this.mustExist(id, 'id', t);
      await this.checkLanguages(names, t);
      const name = names[this.defaultLanguage];
      if (name !== undefined) await this.sequelize.query(`UPDATE categories SET name = $2, updated_at = now() WHERE id = $1`, { bind: [id, name], transaction: t });
      await this.writeNames(id, names, t);
      return (await this.get(id, t))!;
    };
    return this.guardNames(() => (outer ? run(outer) : this.sequelize.transaction(run)));
  }

  /** Whether category `candidate` is `ancestor` itself or lies anywhere below it. */
  private async isSelfOrInside(candidate: number, ancestor: number, t: Transaction): Promise<boolean> {
    const [r] = await this.sequelize.query<{ hit: boolean }>(
      `WITH RECURSIVE up AS (SELECT id, parent_id FROM categories WHERE id = $1
                             UNION ALL SELECT c.id, c.parent_id FROM categories c JOIN up ON c.id = up.parent_id)
       SELECT EXISTS (SELECT 1 FROM up WHERE id = $2) AS hit`,
      { bind: [candidate, ancestor], type: QueryTypes.SELECT, transaction: t },
    );
    return r.hit;
  }

  /** Moves under `parentId` (null = top level) at `position`; moving under itself or a descendant is refused. */
  async move(id: number, parentId: number | null, position?: number, outer?: Transaction): Promise<CategoryView> {
    const run = async (t: Transaction) => {
        await this.mustExist(id, 'id', t);
        if (parentId !== null) {
          await this.mustExist(parentId, 'parentId', t);
          if (await this.isSelfOrInside(parentId, id, t)) throw new CatalogError('invalid', 'CATEGORY_CYCLE', `Category ${parentId} is ${id} itself or inside it; a category cannot move under itself`, { field: 'parentId' });
        }
        const pos = position ?? (await this.nextPosition(parentId, t));
        await this.sequelize.query(`UPDATE categories SET parent_id = $2, position = $3, updated_at = now() WHERE id = $1`, { bind: [id, parentId, pos], transaction: t });
        return (await this.get(id, t))!;
    };
    return this.guardNames(() => (outer ? run(outer) : this.sequelize.transaction(run)));
  }

  /** Renames and/or moves in one transaction (nothing is written when any part is refused). */
  async change(id: number, patch: { names?: Record<string, string>; parentId?: number | null; position?: number }): Promise<CategoryView> {
    return this.sequelize.transaction(async (t) => {
      const current = await this.get(id, t);
      if (!current) throw new CatalogError('not_found', 'CATEGORY_NOT_FOUND', `No category with id ${id}`);
      if (patch.names) await this.rename(id, patch.names, t);
      if (patch.parentId !== undefined || patch.position !== undefined) await this.move(id, patch.parentId === undefined ? current.parentId : patch.parentId, patch.position, t);
      return (await this.get(id, t))!;
    });
  }

  /**
   * Deletes a category. With products or children it is refused (409) unless `reassignTo` is given: children
   * then move under it and its products get it instead (keeping which one is their default).
   */
  async delete(id: number, reassignTo?: number): Promise<void> {
    await this.sequelize.transaction(async (t) => {
      const current = await this.get(id, t);
      if (!current) throw new CatalogError('not_found', 'CATEGORY_NOT_FOUND', `No category with id ${id}`);
      if (reassignTo === undefined) {
        if (current.productCount > 0 || current.childCount > 0) {
          throw new CatalogError('conflict', 'CATEGORY_NOT_EMPTY', `Category ${id} still has ${current.productCount} product(s) and ${current.childCount} child categories; give reassignTo to move them`, {
            products: current.productCount,
            children: current.childCount,
          });
        }
      } else {
        await this.mustExist(reassignTo, 'reassignTo', t);
        if (await this.isSelfOrInside(reassignTo, id, t)) throw new CatalogError('invalid', 'CATEGORY_CYCLE', `reassignTo ${reassignTo} is the deleted category or inside it`, { field: 'reassignTo' });
        await this.sequelize.query(`UPDATE categories SET parent_id = $2, updated_at = now() WHERE parent_id = $1`, { bind: [id, reassignTo], transaction: t });
        // Its products get the target instead (one that was default here becomes default there).
        const moved = await this.sequelize.query<{ product_id: number; is_primary: boolean }>(
          `DELETE FROM product_categories WHERE category_id = $1 RETURNING product_id, is_primary`,
          { bind: [id], type: QueryTypes.SELECT, transaction: t },
        );
        if (moved.length) {
          await this.sequelize.query(
            `INSERT INTO product_categories (product_id, category_id, is_primary) SELECT p, $2, FALSE FROM unnest($1::int[]) AS p ON CONFLICT (product_id, category_id) DO NOTHING`,
            { bind: [moved.map((m) => m.product_id), reassignTo], transaction: t },
          );
          const primaries = moved.filter((m) => m.is_primary).map((m) => m.product_id);
          await this.sequelize.query(`UPDATE product_categories SET is_primary = TRUE WHERE category_id = $2 AND product_id = ANY($1::int[])`, { bind: [primaries, reassignTo], transaction: t });
          await touchProducts(this.sequelize, moved.map((m) => m.product_id), t);
        }
      }
      await this.sequelize.query(`DELETE FROM categories WHERE id = $1`, { bind: [id], transaction: t });
    });
  }

  private defaultName(names: Record<string, string>): string {
    const name = names[this.defaultLanguage];
    if (name === undefined) throw new CatalogError('invalid', 'DEFAULT_LANGUAGE_NAME_REQUIRED', `A category needs a name in the catalogue's default language "${this.defaultLanguage}"`, { field: `names.${this.defaultLanguage}` });
    return name;
  }

  private async checkLanguages(names: Record<string, string>, t: Transaction): Promise<void> {
    const known = await knownLanguages(this.sequelize, this.defaultLanguage, t);
    const unknown = Object.keys(names).filter((l) => !known.has(l));
    if (unknown.length) throw new CatalogError('invalid', 'UNKNOWN_LANGUAGE', `No shop uses language ${unknown.join(', ')}`, { field: `names.${unknown[0]}` });
  }

  private async writeNames(id: number, names: Record<string, string>, t: Transaction): Promise<void> {
    const entries = Object.entries(names);
    if (!entries.length) return;
    await this.sequelize.query(
      `INSERT INTO category_names (category_id, lang, name) SELECT $1, l, n FROM unnest($2::text[], $3::text[]) AS x(l, n)
       ON CONFLICT (category_id, lang) DO UPDATE SET name = EXCLUDED.name`,
      { bind: [id, entries.map(([l]) => l), entries.map(([, n]) => n)], transaction: t },
    );
  }

  private async nextPosition(parentId: number | null, t: Transaction): Promise<number> {
    const [r] = await this.sequelize.query<{ next: number }>(`SELECT COALESCE(max(position) + 1, 0)::int AS next FROM categories WHERE parent_id IS NOT DISTINCT FROM $1`, {
      bind: [parentId],
      type: QueryTypes.SELECT,
      transaction: t,
    });
    return r.next;
  }

  private async mustExist(id: number, field: string, t: Transaction): Promise<void> {
    const rows = await this.sequelize.query(`SELECT 1 FROM categories WHERE id = $1`, { bind: [id], type: QueryTypes.SELECT, transaction: t });
    if (!rows.length) {
      if (field === 'id') throw new CatalogError('not_found', 'CATEGORY_NOT_FOUND', `No category with id ${id}`);
      throw new CatalogError('invalid', 'UNKNOWN_CATEGORY', `No category with id ${id}`, { field });
    }
  }

  private async guardNames<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      if (isUniqueViolation(e)) throw new CatalogError('conflict', 'CATEGORY_NAME_TAKEN', 'A sibling category already has this name', { field: `names.${this.defaultLanguage}` });
      throw e;
    }
  }
}
