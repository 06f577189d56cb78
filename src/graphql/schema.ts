import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, type GraphQLFieldResolver, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { mutationResolvers } from './resolvers/mutation';
import { queryResolvers } from './resolvers/query';
import { typeResolvers } from './resolvers/types';

type ResolverMap = Record<string, Record<string, GraphQLFieldResolver<any, any, any>>>;

/**
 * The GraphQL schema is SDL first: src/graphql/schema.graphql is the one definition, edited and reviewed by hand;
 * test/graphql/sdl.test.ts fails when the running server serves anything else (`npm run graphql:schema` rewrites
 * the file in graphql-js's canonical print after an edit).
 * Ids of catalogue rows are Int (as in the REST API); job ids are String (Temporal workflow ids).
 * Roles: as the REST route for the same data (user < manager < admin), checked in each resolver. Query fields
 * are nullable so that a refused or failed field (errors[].extensions.code) leaves the others' data intact.
 */
export const SDL_FILE = path.join(__dirname, 'schema.graphql');

/** The executable schema: the SDL of schema.graphql with the resolvers attached (a resolver without a field fails at start). */
export function createGraphqlSchema(): GraphQLSchema {
  const schema = buildSchema(readFileSync(SDL_FILE, 'utf8'));
  const resolvers: ResolverMap = { Query: queryResolvers, Mutation: mutationResolvers, ...typeResolvers };
  for (const [typeName, fields] of Object.entries(resolvers)) {
    const type = schema.getType(typeName);
    if (!(type instanceof GraphQLObjectType)) throw new Error(`GraphQL resolvers for ${typeName}, which is no object type of the schema`);
    const defined = type.getFields();
    for (const [name, resolve] of Object.entries(fields)) {
      if (!defined[name]) throw new Error(`GraphQL resolver ${typeName}.${name} has no field in the schema`);
      defined[name].resolve = resolve;
    }
  }
  return schema;
}
