// @neo4j/graphql 7 translates an aggregate selection (`…Connection { aggregate { count node { name { longest } } } }`)
// field by field into Cypher and has no translation for `__typename` there: such a query failed as an
// INTERNAL_SERVER_ERROR. It is refused at validation instead, naming the field and the type.
import { GraphQLError, Kind, type SelectionSetNode, type ValidationRule } from "graphql";

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

/** The generated types of connections, their edges (`…Edge`, `…Relationship`) and page info, beside the aggregate types above. */
const connectionType = /Connection$|Edge$|Relationship$|^PageInfo$/;

/**
 * Refuses one field selected twice under different aliases inside a connection or an aggregate
 * (`f0: edges {…} f1: edges {…}`, `a: node {…} b: node {…}`, `a: count b: count`): @neo4j/graphql 7 translates those selections by
 * field name and fails on the repetition with an INTERNAL_SERVER_ERROR. Elsewhere aliases stay free.
 */
export const noRepeatedFieldsInConnections: ValidationRule = (context) => ({
  SelectionSet(node) {
    const parent = context.getParentType();
    if (!parent || !(connectionType.test(parent.name) || aggregateType.test(parent.name))) return;
    const keysByField = new Map<string, Set<string>>();
    const seenFragments = new Set<string>();
    const collect = (selectionSet: SelectionSetNode) => {
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          const keys = keysByField.get(selection.name.value) ?? new Set<string>();
          keys.add(selection.alias?.value ?? selection.name.value);
          keysByField.set(selection.name.value, keys);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          collect(selection.selectionSet);
        } else if (!seenFragments.has(selection.name.value)) {
          seenFragments.add(selection.name.value);
          const fragment = context.getFragment(selection.name.value);
          if (fragment) collect(fragment.selectionSet);
        }
      }
    };
    collect(node);
    for (const [field, keys] of keysByField) {
      if (field === "__typename" || keys.size < 2) continue;
      context.reportError(
        new GraphQLError(
          `"${field}" is selected ${keys.size} times under different aliases (${[...keys].join(", ")}) inside "${parent.name}": select it once there.`,
          { nodes: node },
        ),
      );
    }
  },
});
