// The questions the generated API cannot answer in one request: paths expert → event → theme with their
// evidence, co-participation counts, ranked full-text search, and bounded neighbourhoods. Their SDL is
// graph/questions.graphql and their Cypher graph/questions/<field>.cypher (read by src/model/); this module
// adds what the API checks before any of that Cypher runs.
import type { FeatureModule } from "../feature-module.ts";
import { questionTypeDefs } from "../model/index.ts";

/** The API's own custom questions, composed into the schema like any feature module. */
export const queriesModule: FeatureModule = {
  typeDefs: questionTypeDefs,
  argumentRanges: {
    neighbourhood: { depth: [1, 3], limit: [1, Number.POSITIVE_INFINITY] },
    search: { limit: [1, Number.POSITIVE_INFINITY] },
    coParticipants: { limit: [1, Number.POSITIVE_INFINITY] },
  },
};
