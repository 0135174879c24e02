// Anonymous reads are the same for everyone, and the graph changes only when an editor writes or an import
// runs, so a read's answer may be served again for a short while: from memory here, and from any HTTP cache
// on the way through its `Cache-Control: max-age=…, public` header. An editor's requests are never cached,
// and every write that commits through this app starts a new generation of the cache (its old answers are
// no longer found); a refused or failed mutation changes nothing, so it forgets nothing: otherwise anyone
// could empty the cache for everyone with anonymous mutations. An import run from another process
// (`npm run seed`) shows once the answers cached before it expire, at most `maxAgeSeconds` later.
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControlDisabled } from "@apollo/server/plugin/disabled";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import type { Caller } from "../caller.ts";

/** Bytes of answers kept in memory at most; the least recently used go first. */
const cacheBytes = 64 * 1024 * 1024;

/** The response cache of one app: its Apollo plugins. */
export interface ResponseCache<Context extends Caller> {
  plugins: ApolloServerPlugin<Context>[];
}

/**
 * The plugins that cache anonymous read answers for `maxAgeSeconds` (0: no caching, and `no-store` on
 * every answer). A mutation that ran and answered without errors starts a new generation (no answer cached
 * before is served again): every write of the API is a custom mutation that writes through a session of its
 * own (the editing API's request transaction, analytics write-back), none through the app's write runner.
 */
export function responseCache<Context extends Caller>(maxAgeSeconds: number): ResponseCache<Context> {
  const cacheControl = [ApolloServerPluginCacheControlDisabled(), uniformCachePolicy(maxAgeSeconds)];
  if (maxAgeSeconds === 0) return { plugins: cacheControl };
  let generation = 0;
  const uncached: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      let executed = false;
      return {
        // Before the response cache looks (it runs after this hook): an editor's reads and any mutation are
        // neither read from nor written to a cache, here or on the way.
        async didResolveOperation({ operation, contextValue, overallCachePolicy }) {
          if (contextValue.jwt || operation?.operation !== "query")
            overallCachePolicy.restrict({ maxAge: 0 });
        },
        // Reached only past every guard: a mutation refused for its token, its limits or its validity never is.
        async executionDidStart() {
          executed = true;
        },
        async willSendResponse({ operation, response }) {
          const failed =
            response.body.kind !== "single" || Boolean(response.body.singleResult.errors?.length);
          if (executed && operation?.operation === "mutation" && !failed) generation += 1;
        },
      };
    },
  };
  return {
    plugins: [
      ...cacheControl,
      uncached,
      responseCachePlugin<Context>({
        cache: new InMemoryLRUCache({ maxSize: cacheBytes }),
        shouldReadFromCache: async ({ contextValue }) => !contextValue.jwt,
        extraCacheKeyData: async () => generation,
      }),
    ],
  };
}

/**
 * What Apollo's cache-control plugin would decide, without its work per field. That plugin gathers the
 * `@cacheControl` hints of every field an answer resolves, and for it Apollo wraps every resolver of the
 * schema: an answer of 1,700 objects paid thousands of hook calls. The schema declares no hint (graph/ has no
 * `@cacheControl`, and no resolver sets one), so every answer's policy is the default: `maxAgeSeconds`,
 * public; set here once per executed request. The `uncached` plugin above restricts it to 0 for an editor or a
 * mutation, and a cached answer brings its own. Should the schema ever declare hints, put
 * `ApolloServerPluginCacheControl({ defaultMaxAge })` back in place of this.
 */
function uniformCachePolicy(maxAgeSeconds: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async executionDidStart({ overallCachePolicy }) {
          overallCachePolicy.restrict({ maxAge: maxAgeSeconds });
        },
        // As the cache-control plugin writes the header: the policy of an answer without errors, else none.
        async willSendResponse({ response, overallCachePolicy }) {
          const cacheable = overallCachePolicy.policyIfCacheable();
          const answered = response.body.kind === "single" && !response.body.singleResult.errors;
          response.http.headers.set(
            "cache-control",
            cacheable && answered
              ? `max-age=${cacheable.maxAge}, ${cacheable.scope.toLowerCase()}`
              : "no-store",
          );
        },
      };
    },
  };
}
