import { type DocumentNode, execute, Kind, getOperationAST, GraphQLError, type GraphQLSchema, parse, specifiedRules, validate } from 'graphql';
import type { GraphqlContext } from './context';
import { formatGraphqlError } from './errors';
import { type GraphqlLimits, limitRules } from './limits';

export interface GraphqlRequest {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

export interface GraphqlHttpResult {
  /**
   * 200 when execution ran (field errors travel in `errors`); 422 when the document was refused before running:
   * it does not parse or validate, its variables do not fit (VALIDATION_FAILED), or a limit refused it
   * (QUERY_TOO_DEEP, ...). The body was schema-valid either way: 400 stays the request-body validation's.
   */
  status: 200 | 422;
  body: { data?: unknown; errors?: ReturnType<typeof formatGraphqlError>[] };
}

/** Parse, validate (GraphQL's rules plus depth, cost, introspection), check the allow-list, execute. */
export async function runGraphql(schema: GraphQLSchema, limits: GraphqlLimits, req: GraphqlRequest, ctx: GraphqlContext): Promise<GraphqlHttpResult> {
  const requestId = ctx.http.get('requestId');
  const refuse = (errors: readonly GraphQLError[]): GraphqlHttpResult => ({
    status: 422,
    body: { errors: errors.map((e) => formatGraphqlError(e, requestId)) },
  });
  let document: DocumentNode;
  try {
    document = parse(req.query, { maxTokens: 10_000 });
  } catch (e) {
    if (e instanceof GraphQLError) return refuse([e]);
    throw e;
  }
  const variables = req.variables ?? {};
  const operationName = req.operationName || undefined;
  // graphql-query-complexity reads operation.name.value whenever it is given an operationName: with an anonymous
  // operation in the document (then the only one, or the document is invalid anyway) it costs every operation.
  const anonymous = document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && !d.name);
  const errors = validate(schema, document, [...specifiedRules, ...limitRules(limits, variables, anonymous ? undefined : operationName)]);
  if (errors.length) return refuse(errors);
  if (limits.allowedOperations) {
    const op = getOperationAST(document, operationName);
    const name = op?.name?.value;
    if (!name || !limits.allowedOperations.includes(name)) {
      return refuse([new GraphQLError(`Operation ${name ? `"${name}"` : '(anonymous)'} is not on this server's allow-list (GRAPHQL_ALLOWED_OPERATIONS)`, { extensions: { code: 'OPERATION_NOT_ALLOWED' } })]);
    }
  }
  const result = await execute({ schema, document, variableValues: variables, operationName, contextValue: ctx });
  // No data at all: the request itself was wrong (unknown operation, variables that do not fit their types).
  if (!('data' in result) || result.data === undefined) return refuse(result.errors ?? []);
  return { status: 200, body: { data: result.data, ...(result.errors?.length ? { errors: result.errors.map((e) => formatGraphqlError(e, requestId)) } : {}) } };
}
