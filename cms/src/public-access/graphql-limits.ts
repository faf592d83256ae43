/**
 * GraphQL operation limits for the public endpoint: the depth limit Strapi ships, plus a cost limit counted on the
 * operation as it will run, fragments expanded (named, inline, nested; cycles refused):
 * - the fields it selects (`maxFields`);
 * - the size of the answer it may produce (`maxAnswerSize`): every field counted once per object it is asked on, each
 *   list counted at its page size (its `pagination` argument, or that of the connection above it, else the default
 *   page size; never more than the page-size limit, which Strapi enforces).
 */
import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  type ASTVisitor,
  type FieldNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValueNode,
} from 'graphql';

// graphql-depth-limit ships no types; it is the rule @strapi/plugin-graphql itself uses
// eslint-disable-next-line @typescript-eslint/no-require-imports
const depthLimit = require('graphql-depth-limit') as (maxDepth: number) => (context: ValidationContext) => ASTVisitor;

export type CostLimits = {
  maxFields: number;
  maxAnswerSize: number;
  /** Items a list returns when no page size is asked for (Strapi's `defaultLimit`). */
  defaultPageSize: number;
  /** The most items a list returns (Strapi's `maxLimit`). */
  maxPageSize: number;
};

type Cost = { fields: number; size: number };

class FragmentCycle extends Error {}

/** The page size a field's `pagination` argument asks for; a variable counts as the largest page. */
function requestedPageSize(field: FieldNode, limits: CostLimits): number | undefined {
  const argument = field.arguments?.find((entry) => entry.name.value === 'pagination');
  if (!argument) return undefined;
  if (argument.value.kind !== Kind.OBJECT) return limits.maxPageSize;
  for (const entry of argument.value.fields) {
    if (entry.name.value !== 'limit' && entry.name.value !== 'pageSize') continue;
    const value: ValueNode = entry.value;
    if (value.kind !== Kind.INT) return limits.maxPageSize;
    const size = Number(value.value);
    // Strapi answers a negative limit with everything (up to the page-size limit)
    return size < 0 ? limits.maxPageSize : Math.min(size, limits.maxPageSize);
  }
  return limits.defaultPageSize;
}

function fieldDefinition(
  parent: GraphQLCompositeType | undefined,
  name: string,
): GraphQLField<unknown, unknown> | undefined {
  if (!parent || !(isObjectType(parent) || isInterfaceType(parent))) return undefined;
  return parent.getFields()[name];
}

/** The cost of one operation, fragments expanded; the walk stops as soon as a limit is passed. */
export function operationCost(
  context: ValidationContext,
  operation: OperationDefinitionNode,
  limits: CostLimits,
): Cost {
  const schema = context.getSchema();
  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const total: Cost = { fields: 0, size: 0 };

  const walk = (
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType | undefined,
    multiplier: number,
    pageHint: number | undefined,
    fragments: string[],
  ) => {
    for (const selection of selectionSet.selections) {
      // past a limit nothing more is walked, however many fragments spread into each other
      if (total.fields > limits.maxFields || total.size > limits.maxAnswerSize) return;
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType | undefined)
          : parent;
        walk(selection.selectionSet, type, multiplier, pageHint, fragments);
        continue;
      }
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        if (fragments.includes(name)) throw new FragmentCycle(name);
        const fragment = context.getFragment(name);
        if (!fragment) continue;
        const type = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
        walk(fragment.selectionSet, type, multiplier, pageHint, [...fragments, name]);
        continue;
      }
      total.fields += 1;
      total.size += multiplier;
      if (!selection.selectionSet) continue;
      const definition = fieldDefinition(parent, selection.name.value);
      const asked = requestedPageSize(selection, limits);
      const nullable = definition ? getNullableType(definition.type) : undefined;
      const isList = nullable !== undefined && isListType(nullable);
      // a list counts at its own page size, or at the one its connection asked for (`videos_connection { nodes }`)
      const items = isList ? (asked ?? pageHint ?? limits.defaultPageSize) : 1;
      const named = definition ? getNamedType(definition.type) : undefined;
      walk(
        selection.selectionSet,
        named && isCompositeType(named) ? named : undefined,
        multiplier * items,
        isList ? undefined : (asked ?? pageHint),
        fragments,
      );
    }
  };

  if (root) walk(operation.selectionSet, root, 1, undefined, []);
  return total;
}

export function operationCostLimit(limits: CostLimits) {
  return (context: ValidationContext): ASTVisitor => ({
    OperationDefinition(operation) {
      let cost: Cost;
      try {
        cost = operationCost(context, operation, limits);
      } catch (error) {
        if (!(error instanceof FragmentCycle)) throw error;
        context.reportError(
          new GraphQLError(`Fragment "${error.message}" spreads itself: fragment cycles are not allowed.`),
        );
        return;
      }
      if (cost.fields > limits.maxFields) {
        context.reportError(
          new GraphQLError(
            `Query is too costly: it selects more than ${limits.maxFields} fields (fragments counted where they are used). Ask for fewer fields or split it.`,
          ),
        );
      } else if (cost.size > limits.maxAnswerSize) {
        context.reportError(
          new GraphQLError(
            `Query is too costly: its answer could hold more than ${limits.maxAnswerSize} values (each list counted at its page size, ${limits.defaultPageSize} unless pagination says otherwise). ` +
              'Ask for smaller pages, fewer nested lists, or split it.',
          ),
        );
      }
    },
  });
}

/** The former name: the field count alone (fragments expanded), with no answer-size bound. */
export function fieldCostLimit(maxFields: number) {
  return operationCostLimit({ maxFields, maxAnswerSize: Number.POSITIVE_INFINITY, defaultPageSize: 1, maxPageSize: 1 });
}

/** Apollo merges these over Strapi's own rules by index, so the depth limit is restated first. */
export function graphqlValidationRules({ maxDepth, ...limits }: { maxDepth: number } & CostLimits) {
  return [depthLimit(maxDepth), operationCostLimit(limits)];
}
