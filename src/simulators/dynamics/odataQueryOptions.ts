import { BcHttpError, unknownProperty } from './bcHttpError';
import type { EntitySchema } from './entitySchemas';
import { type FilterNode, parseFilter } from './odataFilter';

/** Parsed system query options of one OData request (reference §5). */
export interface QueryOptions {
  filter: FilterNode | null;
  select: string[] | null;
  orderBy: Array<{ property: string; desc: boolean }>;
  top: number | null;
  skip: number;
  count: boolean;
  skipToken: string | null;
  expand: ExpandOption[];
}

export interface ExpandOption {
  navigation: string;
  select: string[] | null;
}

/** Splits on commas that are not inside parentheses. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) parts.push(current.trim());
  return parts;
}

function parseSelect(text: string, schema: EntitySchema): string[] {
  const names = text.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) if (!(n in schema.properties) && !schema.navigation.includes(n)) throw unknownProperty(n, schema.typeName);
  return names;
}

function nonNegativeInt(name: string, value: string): number {
  if (!/^\d+$/.test(value)) throw new BcHttpError(400, 'BadRequest', `Invalid value '${value}' for $${name} query option found. The $${name} query option requires a non-negative integer value`);
  return Number(value);
}

/** Parses the OData options; `schemaOf` resolves the schema of an expanded navigation property. */
export function parseQueryOptions(params: URLSearchParams, schema: EntitySchema, schemaOf: (navigation: string) => EntitySchema): QueryOptions {
  const filterText = params.get('$filter');
  const selectText = params.get('$select');
  const orderText = params.get('$orderby');
  const expandText = params.get('$expand');
  const countText = params.get('$count');
  const orderBy: QueryOptions['orderBy'] = [];
  if (orderText) {
    for (const part of orderText.split(',')) {
      const [property, direction = 'asc', ...rest] = part.trim().split(/\s+/);
      if (rest.length || !['asc', 'desc'].includes(direction)) throw new BcHttpError(400, 'BadRequest', `Syntax error in $orderby at '${part.trim()}'`);
      if (!(property in schema.properties)) throw unknownProperty(property, schema.typeName);
      orderBy.push({ property, desc: direction === 'desc' });
    }
  }
  const expand: ExpandOption[] = [];
  if (expandText) {
    for (const part of splitTopLevel(expandText)) {
      const m = /^([A-Za-z]+)(?:\((.*)\))?$/.exec(part);
      if (!m) throw new BcHttpError(400, 'BadRequest', `Syntax error in $expand at '${part}'`);
      const navigation = m[1];
      if (!schema.navigation.includes(navigation)) throw unknownProperty(navigation, schema.typeName);
      let select: string[] | null = null;
      for (const nested of m[2] ? m[2].split(';') : []) {
        const [key, value = ''] = nested.split('=');
        if (key.trim() !== '$select') throw new BcHttpError(400, 'BadRequest', `The simulator supports only $select inside $expand, got '${key.trim()}'`);
        select = parseSelect(value, schemaOf(navigation));
      }
      expand.push({ navigation, select });
    }
  }
  if (countText !== null && countText !== 'true' && countText !== 'false') throw new BcHttpError(400, 'BadRequest', `Invalid value '${countText}' for $count query option`);
  return {
    filter: filterText ? parseFilter(filterText, schema) : null,
    select: selectText ? parseSelect(selectText, schema) : null,
    orderBy,
    top: params.has('$top') ? nonNegativeInt('top', params.get('$top') ?? '') : null,
    skip: params.has('$skip') ? nonNegativeInt('skip', params.get('$skip') ?? '') : 0,
    count: countText === 'true',
    skipToken: params.get('$skiptoken'),
    expand,
  };
}
