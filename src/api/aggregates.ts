// @neo4j/graphql 7 translates an aggregate selection (`…Connection { aggregate { count node { name { longest } } } }`)
// field by field into Cypher and has no translation for `__typename` there: such a query failed as an
// INTERNAL_SERVER_ERROR. It is refused at validation instead, naming the field and the type.
import { GraphQLError, type ValidationRule } from "graphql";

/** The generated types of aggregate selections: `CompanyAggregate`, `…AggregateNode`, `…AggregateSelection`, `Count`. */
const aggregateType = /(Aggregate|AggregateNode|AggregateSelection)$|^Count(Connection)?$/;

/** Refuses `__typename` anywhere inside an aggregate selection (GRAPHQL_VALIDATION_FAILED, 400). */
export const noTypenameInAggregates: ValidationRule = (context) => ({
  Field(node) {
    if (node.name.value !== "__typename") return;
    const parent = context.getParentType();
    if (!parent || !aggregateType.test(parent.name)) return;
    context.reportError(
      new GraphQLError(
        `__typename cannot be selected inside an aggregate (on type "${parent.name}"): aggregates return computed values, not nodes; remove it from the aggregate selection.`,
        { nodes: node },
      ),
    );
  },
});
