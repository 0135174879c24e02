// The server's version and edition, asked at boot and by /ready: the app needs Neo4j 5.23 or later
// (src/database.ts, assertCompatible).
CALL dbms.components() YIELD versions, edition
RETURN versions[0] AS version, edition
