import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { printSchema } from 'graphql';
import { createGraphqlSchema } from './schema';

/** The SDL as committed in src/graphql/schema.graphql (what test/graphql/sdl.test.ts compares with the running server). */
export const printedSchema = () => `${printSchema(createGraphqlSchema())}\n`;

// `npm run graphql:schema`: rewrite the committed SDL after changing typeDefs.ts.
if (require.main === module) {
  const file = path.join(__dirname, 'schema.graphql');
  writeFileSync(file, printedSchema());
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
