import type { EntitySchema } from './entitySchemas';

/** A small CSDL `$metadata` document describing the entities the simulator serves (namespace Microsoft.NAV). */
export function metadataDocument(schemas: EntitySchema[]): string {
  const types = schemas
    .map((s) => {
      const props = Object.entries(s.properties)
        .map(([name, type]) => `<Property Name="${name}" Type="${type}"${name === 'id' ? ' Nullable="false"' : ''} />`)
        .join('');
      const navs = s.navigation.map((n) => `<NavigationProperty Name="${n}" Type="${n === 'itemVariants' ? 'Collection(Microsoft.NAV.itemVariant)' : `Microsoft.NAV.${n}`}" />`).join('');
      return `<EntityType Name="${s.typeName}"><Key><PropertyRef Name="id" /></Key>${props}${navs}</EntityType>`;
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>' +
    '<edmx:Edmx Version="4.0" xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx"><edmx:DataServices>' +
    `<Schema Namespace="Microsoft.NAV" xmlns="http://docs.oasis-open.org/odata/ns/edm">${types}</Schema>` +
    '</edmx:DataServices></edmx:Edmx>'
  );
}
