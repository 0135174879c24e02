// Anonymous reads are the same for everyone, and the graph changes only when an editor writes or an import
// runs, so a read's answer may be served again for a short while: from memory here, and from any HTTP cache
// on the way through its `Cache-Control: max-age=…, public` header. An editor's requests are never cached,
// and every mutation through this app starts a new generation of the cache (its old answers are no longer
// found). An import run from another process (`npm run seed`) shows once the answers cached before it expire,
// at most `maxAgeSeconds` later.
import type { ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginCacheControl } from "@apollo/server/plugin/cacheControl";
import responseCachePlugin from "@apollo/server-plugin-response-cache";
import { InMemoryLRUCache } from "@apollo/utils.keyvaluecache";
import type { Caller } from "./auth.ts";

/** Bytes of answers kept in memory at most; the least recently used go first. */
const cacheBytes = 64 * 1024 * 1024;

/**
 * The plugins that cache anonymous read answers for `maxAgeSeconds` (0: no caching, and `no-store` on
 * every answer).
 */
export function responseCache<Context extends Caller>(maxAgeSeconds: number): ApolloServerPlugin<Context>[] {
  const cacheControl = ApolloServerPluginCacheControl({ defaultMaxAge: maxAgeSeconds });
  if (maxAgeSeconds === 0) return [cacheControl];
  let generation = 0;
  const uncached: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        // Before the response cache looks (it runs after this hook): an editor's reads and any mutation are
        // neither read from nor written to a cache, here or on the way.
        async didResolveOperation({ operation, contextValue, overallCachePolicy }) {
          if (contextValue.jwt || operation?.operation !== "query")
            overallCachePolicy.restrict({ maxAge: 0 });
        },
        async willSendResponse({ operation }) {
          if (operation?.operation === "mutation") generation += 1;
        },
      };
    },
  };
  return [
    cacheControl,
    uncached,
    responseCachePlugin<Context>({
      cache: new InMemoryLRUCache({ maxSize: cacheBytes }),
      shouldReadFromCache: async ({ contextValue }) => !contextValue.jwt,
      extraCacheKeyData: async () => generation,
    }),
  ];
}
