import { buildSchema, type GraphQLFieldResolver, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { mutationResolvers } from './resolvers/mutation';
import { queryResolvers } from './resolvers/query';
import { typeResolvers } from './resolvers/types';
import { typeDefs } from './typeDefs';

type ResolverMap = Record<string, Record<string, GraphQLFieldResolver<any, any, any>>>;

/** The executable schema: the SDL of typeDefs.ts with the resolvers attached (a resolver without a field fails at start). */
export function createGraphqlSchema(): GraphQLSchema {
  const schema = buildSchema(typeDefs);
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
