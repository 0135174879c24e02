// `npm run codegen` step 2 (after src/api/print-schema.ts has printed the schema): TypeScript types and typed
// document nodes for every named operation, into graph/generated/. A test (src/api/generated.test.ts) fails
// when the committed files differ from what this produces.
import type { CodegenConfig } from "@graphql-codegen/cli";

/** Where named operations live: the API's own questions, features' operations, the explorer page's. */
export const operationDocuments = [
  "graph/operations/**/*.graphql",
  "src/**/*.graphql",
  "web/src/**/*.graphql",
];

const config: CodegenConfig = {
  schema: "graph/generated/schema.graphql",
  documents: operationDocuments,
  ignoreNoDocuments: true,
  generates: {
    "graph/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        // ESM imports with extensions, as the project's NodeNext TypeScript needs.
        emitLegacyCommonJSImports: false,
        scalars: { Date: "string", DateTime: "string", BigInt: "string" },
      },
    },
  },
};

export default config;
