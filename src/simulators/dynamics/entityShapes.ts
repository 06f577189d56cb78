import type { EntitySchema } from './entitySchemas';
import type { SimCompanyData, SimItemRow } from './simModel';
import type { SimStore } from './simStore';

/** JSON shapes of BC API v2.0 entities (reference §4): `@odata.etag` first, then properties in schema order. */

type Row = Record<string, unknown>;

export function shapeRow(row: Row, schema: EntitySchema, etag: string | null, select: string[] | null): Row {
  const out: Row = {};
  if (etag) out['@odata.etag'] = etag;
  for (const name of Object.keys(schema.properties)) {
    if (select && !select.includes(name)) continue;
    out[name] = row[name];
  }
  return out;
}

/**
 * The `picture` entity of an item. Without a picture BC reports width/height 0 and an empty content type
 * ([unconfirmed] in the reference; the simulator does that). The id equals the item's id, as in the docs.
 */
export function pictureRow(data: SimCompanyData, item: SimItemRow): Row {
  const media = data.pictures.get(item.id);
  return { id: item.id, parentType: 'Item', width: media?.width ?? 0, height: media?.height ?? 0, contentType: media?.contentType ?? '' };
}

export function pictureEntity(store: SimStore, data: SimCompanyData, item: SimItemRow, schema: EntitySchema, companyUrl: string, select: string[] | null): Row {
  const out = shapeRow(pictureRow(data, item), schema, store.etag(data, `picture:${item.id}`), select);
  const link = `${companyUrl}/items(${item.id})/picture(${item.id})/content`;
  out['pictureContent@odata.mediaEditLink'] = link;
  out['pictureContent@odata.mediaReadLink'] = link;
  return out;
}
