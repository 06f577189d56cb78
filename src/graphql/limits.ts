import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { type FieldNode, GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';
import { createComplexityRule, type ComplexityEstimator, simpleEstimator } from 'graphql-query-complexity';

/** The endpoint's safety limits (config, read once at start). */
export interface GraphqlLimits {
  maxDepth: number;
  maxCost: number;
  introspection: boolean;
  /** Operation names allowed (production allow-list); undefined = any. */
  allowedOperations?: string[];
}

/**
 * A connection's fields count once per element of the page: `first` (or its default) times the cost of the
 * selection below it. Any other field costs 1 plus its selection.
 */
const pageEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const first = field.args.find((a) => a.name === 'first');
  if (!first) return undefined;
  const n = typeof args.first === 'number' ? args.first : typeof first.defaultValue === 'number' ? first.defaultValue : 1;
  return 1 + childComplexity * Math.max(n, 1);
};

/** __schema / __type refused when introspection is off (__typename stays allowed). */
const noIntrospection: ValidationRule = (context: ValidationContext) => ({
  Field(node: FieldNode) {
    if (node.name.value === '__schema' || node.name.value === '__type') {
      context.reportError(new GraphQLError('Introspection is disabled on this server (GRAPHQL_INTROSPECTION)', { nodes: [node], extensions: { code: 'INTROSPECTION_DISABLED' } }));
    }
  },
});

/** The validation rules added to GraphQL's own for one request (cost depends on its variables). */
export function limitRules(limits: GraphqlLimits, variables: Record<string, unknown>, operationName: string | undefined): ValidationRule[] {
  const rules: ValidationRule[] = [
    maxDepthRule({
      n: limits.maxDepth,
      propagateOnRejection: false,
      onReject: [
        (context, err) => context?.reportError(new GraphQLError(err.message.replace(/^Syntax Error: /, ''), { extensions: { code: 'QUERY_TOO_DEEP', maxDepth: limits.maxDepth } })),
      ],
    }),
    createComplexityRule({
      maximumComplexity: limits.maxCost,
      variables,
      operationName,
      estimators: [pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
      createError: (max, actual) =>
        new GraphQLError(`Query cost ${actual} exceeds the limit of ${max} (fewer fields or smaller pages)`, { extensions: { code: 'QUERY_TOO_COSTLY', cost: actual, maxCost: max } }),
    }),
  ];
  if (!limits.introspection) rules.push(noIntrospection);
  return rules;
}
