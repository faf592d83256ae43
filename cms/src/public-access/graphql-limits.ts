/**
 * GraphQL operation limits for the public endpoint: the depth limit Strapi ships, plus a cost limit that
 * counts the fields an operation selects, so one request cannot ask for the whole catalog many times over.
 */
import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';

// graphql-depth-limit ships no types; it is the rule @strapi/plugin-graphql itself uses
// eslint-disable-next-line @typescript-eslint/no-require-imports
const depthLimit = require('graphql-depth-limit') as (maxDepth: number) => (context: ValidationContext) => ASTVisitor;

export function fieldCostLimit(maxFields: number) {
  return (context: ValidationContext): ASTVisitor => {
    let fields = 0;
    return {
      Field() {
        fields += 1;
        if (fields === maxFields + 1) {
          context.reportError(new GraphQLError(`Query is too costly: it selects more than ${maxFields} fields. Ask for fewer fields or split it.`));
        }
      },
    };
  };
}

/** Apollo merges these over Strapi's own rules by index, so the depth limit is restated first. */
export function graphqlValidationRules({ maxDepth, maxFields }: { maxDepth: number; maxFields: number }) {
  return [depthLimit(maxDepth), fieldCostLimit(maxFields)];
}
