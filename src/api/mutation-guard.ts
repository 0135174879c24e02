import type { ApolloServerPlugin } from "@apollo/server";
import { type Caller, requireEditor } from "../caller.ts";

/**
 * Anonymous callers and readers only read: any mutation, generated or custom, needs the editor role before
 * it runs, and then runs on `writeRunner` (Neo4j refuses a write in the read-mode session every request
 * starts with). Put it before any plugin that opens a transaction for the request.
 *
 * @example
 * new ApolloServer<ApiContext>({ schema, plugins: [mutationGuard<ApiContext>(writeRunner)] });
 */
export function mutationGuard<Context extends Caller & { executionContext: unknown }>(
  writeRunner: Context["executionContext"],
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (operation?.operation !== "mutation") return;
          requireEditor(contextValue);
          contextValue.executionContext = writeRunner;
        },
      };
    },
  };
}
