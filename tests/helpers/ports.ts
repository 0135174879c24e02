/** A TCP port on 127.0.0.1 that nothing listens on right now: the runtime's own probe, shared by tests and bench. */
export { freePort } from "../../src/neo4j-runtime/server.ts";
