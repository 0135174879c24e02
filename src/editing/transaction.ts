// One request, one transaction. graphql-js runs a mutation's root fields one after the other; the first
// editing field opens a transaction, each one writes into it, and the last one commits, so its answer is sent
// only once everything is in. A field that fails rolls everything back, and since every editing field is
// non-null, its error nulls the whole answer (`data: null`) and the fields after it never run: the answer
// cannot show a write that did not happen. Mixing an editing field with `writeAnalytics` (which runs GDS in
// transactions of its own) in one request is refused before anything runs.
import { createRequire } from "node:module";
import type { ApolloServerPlugin } from "@apollo/server";
import { type FragmentDefinitionNode, GraphQLError, type GraphQLObjectType, Kind } from "graphql";
import neo4j, { type Driver, type Session, type Transaction } from "neo4j-driver";

// graphql-js's own field collection (fragments, @skip, @include), from its CommonJS build: the schema is
// @neo4j/graphql's, built with that copy (see src/api/limits.ts). Internal to graphql-js but unchanged since
// v15; the atomicity tests fail if it ever moves.
const { collectFields } = createRequire(import.meta.url)(
  "graphql/execution/collectFields",
) as typeof import("graphql/execution/collectFields.js");

/** The mutation fields that write through the request's transaction (graph/editing.graphql). */
export const editingFields = new Set(["upsertSources", "upsertEntities", "assertFacts", "retractCitations"]);

/** What an editing resolver finds on its context: the request's transaction, opened on first use. */
export interface EditingContext {
  editing?: RequestTransaction;
}

/**
 * Lets one editing transaction of this app run at a time. Two edits of the same records at once would
 * otherwise both pass their checks before either writes (two retractions of a fact's last citation both
 * "succeed"), or deadlock in Neo4j. Edits are few and short, so waiting in line costs nothing that matters;
 * edits from another process at the same moment (a second app, an import) are Neo4j's to order, and a loser
 * is answered CONFLICT (src/api/errors.ts), nothing written.
 */
export class EditingTurns {
  private last: Promise<void> = Promise.resolve();

  /** Resolves when it is the caller's turn, with the function that ends it. */
  async take(): Promise<() => void> {
    let end: () => void = () => {};
    const turn = new Promise<void>((resolve) => {
      end = resolve;
    });
    const before = this.last;
    this.last = before.then(() => turn);
    await before;
    return end;
  }
}

/**
 * The transaction of one mutation request. `responseKeys` are the editing fields the operation will run, in
 * order (aliases as given): the last one commits.
 */
export class RequestTransaction {
  private session?: Session;
  private transaction?: Transaction;
  private endTurn?: () => void;

  constructor(
    private readonly turns: EditingTurns,
    private readonly driver: Driver,
    private readonly database: string,
    private readonly timeoutMs: number,
    private readonly responseKeys: string[],
  ) {}

  /**
   * Runs one field's work in the request's transaction; commits after the last field, rolls back on any
   * failure (and rethrows it).
   */
  async run<Result>(responseKey: string, work: (tx: Transaction) => Promise<Result>): Promise<Result> {
    try {
      if (!this.transaction) {
        this.endTurn = await this.turns.take();
        this.session = this.driver.session({
          database: this.database,
          defaultAccessMode: neo4j.session.WRITE,
          bookmarkManager: this.driver.executeQueryBookmarkManager,
        });
        this.transaction = this.session.beginTransaction({
          timeout: this.timeoutMs,
          metadata: { app: "btech-graph edit" },
        });
      }
      const result = await work(this.transaction);
      if (responseKey === this.responseKeys.at(-1)) {
        await this.transaction.commit();
        await this.close();
      }
      return result;
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  /** Rolls back whatever is still open: after a failure, or if execution ended before the last field. */
  async close(): Promise<void> {
    const { transaction, session, endTurn } = this;
    this.transaction = undefined;
    this.session = undefined;
    this.endTurn = undefined;
    try {
      if (transaction?.isOpen()) await transaction.rollback().catch(() => {});
      await session?.close();
    } finally {
      endTurn?.();
    }
  }
}

/**
 * The Apollo plugin that gives each mutation request its transaction (or refuses a mix of editing fields and
 * other writes), and makes sure none is left open when the answer goes out.
 */
export function requestTransactions<Context extends EditingContext>(
  driver: Driver,
  database: string,
  timeoutMs: number,
): ApolloServerPlugin<Context> {
  const turns = new EditingTurns();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, request, contextValue }) {
          const mutationType = schema.getMutationType();
          if (operation?.operation !== "mutation" || !mutationType) return;
          const fragments = Object.fromEntries(
            document.definitions
              .filter((definition) => definition.kind === Kind.FRAGMENT_DEFINITION)
              .map((definition) => [definition.name.value, definition as FragmentDefinitionNode]),
          );
          const fields = [
            ...collectFields(
              schema,
              fragments,
              request.variables ?? {},
              mutationType as GraphQLObjectType,
              operation.selectionSet,
            ),
          ].map(([key, nodes]) => ({ key, name: nodes[0]?.name.value ?? key }));
          const editing = fields.filter((field) => editingFields.has(field.name));
          const others = fields.filter(
            (field) => !editingFields.has(field.name) && field.name !== "__typename",
          );
          if (editing.length > 0 && others.length > 0) {
            throw new GraphQLError(
              `A request's edits run in one transaction, which ${others.map((field) => field.name).join(", ")} cannot join: send it in a request of its own.`,
              { extensions: { code: "BAD_USER_INPUT", http: { status: 400 } } },
            );
          }
          if (editing.length > 0) {
            contextValue.editing = new RequestTransaction(
              turns,
              driver,
              database,
              timeoutMs,
              editing.map((field) => field.key),
            );
          }
        },
        async willSendResponse({ contextValue }) {
          await contextValue.editing?.close();
        },
      };
    },
  };
}
