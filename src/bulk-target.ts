// The contract between the importer's bulk path (src/importer/bulk.ts), which writes the CSV files, and a place
// that turns them into a store and serves it (the local runtime's `localBulkTarget`,
// src/neo4j-runtime/bulk-import.ts). Plumbing, so that both sides import one type without depending on each
// other (.dependency-cruiser.cjs: a feature imports no other feature).
import type { Neo4jConnection } from "./database.ts";

/** One group of CSV files for neo4j-admin: a header file then data files, of one set of labels or one type. */
export interface BulkImportFile {
  paths: string[];
  /** `Entity:Company` for `--nodes=`, `CITED_IN` for `--relationships=`. */
  labelsOrType: string;
  /** Whether a field spans lines: only these files are read in the slower multi-line mode. */
  multiline: boolean;
}

/** What `neo4j-admin database import full` is given: node files and relationship files. */
export interface BulkImportFiles {
  nodes: BulkImportFile[];
  relationships: BulkImportFile[];
  /** The one character between the items of a list property in a field. */
  arrayDelimiter: string;
  /** What the files' `:ID`, `:START_ID` and `:END_ID` columns hold (neo4j-admin's `--id-type`). */
  idType: "integer" | "string";
}

/** Where a bulk load goes: an empty database whose server is stopped, and the steps around neo4j-admin. */
export interface BulkTarget {
  /** Where the import runs, for messages. */
  describe(): string;
  /** Throws when the load cannot start (a server running, a port taken), before any work. */
  assertReady(): Promise<void>;
  /** A folder the CSV files may be written under (a folder of their own is made in it, and removed). */
  workFolder(): string;
  /** Runs neo4j-admin on the files; on failure the database is as it was, and the error says so. */
  importFull(files: BulkImportFiles, workFolder: string): Promise<void>;
  /** Starts the server on the new store (left running). */
  start(): Promise<Neo4jConnection>;
  /** Stops the server and deletes the imported store: the database is empty again. */
  discard(): Promise<void>;
}
