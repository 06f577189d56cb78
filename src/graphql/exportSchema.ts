import { writeFileSync } from 'node:fs';
import { printSchema } from 'graphql';
import { createGraphqlSchema, SDL_FILE } from './schema';

/** The schema in graphql-js's canonical print (the form src/graphql/schema.graphql is kept in). */
export const printedSchema = () => `${printSchema(createGraphqlSchema())}\n`;

// `npm run graphql:schema`: rewrite schema.graphql in canonical form after editing it (fails on an invalid edit).
if (require.main === module) {
  writeFileSync(SDL_FILE, printedSchema());
  console.log(`wrote ${SDL_FILE}`);
}
