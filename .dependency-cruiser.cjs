// One direction between the folders of src/ (README.md, "Where things are"): plumbing ← model ← features ←
// composition. `npm run deps` checks it, and `npm test` runs that, so a change that turns an arrow around
// fails CI. tests/foundation/dependencies.test.ts proves that each rule below catches what it names.

/** The top of src/: configuration, the Neo4j connection, the caller, the feature-module contract. */
const plumbing = "^src/[^/]+\\.ts$";
/** Entry points: each composes what it runs, like src/app/main.ts; nothing imports them. */
const commands = "^src/[^/]+/cli\\.ts$|^src/api/(print-schema|token)\\.ts$";
/** Where the parts are put together: the app, and the API schema's list of feature modules. */
const composition = "^src/app/|^src/api/schema\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "A module that reaches itself again through its imports.",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-folder-cycles",
      scope: "folder",
      severity: "error",
      comment: "Two folders that import each other, directly or through others.",
      from: {},
      to: { circular: true },
    },
    {
      name: "plumbing-imports-only-plumbing",
      severity: "error",
      comment: "The top of src/ is what every folder may import; it imports no folder of src/.",
      from: { path: plumbing },
      to: { path: "^src/[^/]+/" },
    },
    {
      name: "model-imports-only-plumbing",
      severity: "error",
      comment: "src/model/ reads graph/ for every feature, so it depends on none of them.",
      from: { path: "^src/model/" },
      to: { path: "^src/[^/]+/", pathNot: "^src/model/" },
    },
    {
      name: "features-import-no-other-feature",
      severity: "error",
      comment:
        "A feature folder (api's questions and plugins included) imports plumbing, the model and itself; " +
        "composition and commands may import any feature.",
      from: { path: "^src/([^/]+)/", pathNot: `^src/(editing|model)/|${composition}|${commands}` },
      to: { path: "^src/[^/]+/", pathNot: "^src/($1|model)/" },
    },
    {
      name: "editing-imports-only-the-importer",
      severity: "error",
      comment:
        "Editing keeps the importer's rules by calling them (one way: the importer never imports editing); " +
        "no other feature.",
      from: { path: "^src/editing/" },
      to: { path: "^src/[^/]+/", pathNot: "^src/(editing|importer|model)/" },
    },
    {
      name: "nothing-imports-composition",
      severity: "error",
      comment: "src/app/ builds and runs the app from the features; nothing in src/ builds on it.",
      from: { path: "^src/", pathNot: "^src/app/" },
      to: { path: "^src/app/" },
    },
    {
      name: "nothing-imports-a-command",
      severity: "error",
      comment: "A command runs when it is loaded; only its tests import one.",
      from: { path: "^src/", pathNot: "\\.test\\.ts$" },
      to: { path: commands },
    },
    {
      name: "src-imports-no-test-or-bench",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(tests|bench)/" },
    },
    {
      name: "tests-import-no-bench",
      severity: "error",
      comment: "What tests and bench share lives in tests/helpers/.",
      from: { path: "^tests/" },
      to: { path: "^bench/" },
    },
    {
      name: "bench-imports-only-test-helpers",
      severity: "error",
      comment:
        "What tests and bench share lives in tests/helpers/; a test file or a tier's own module is not shared.",
      from: { path: "^bench/" },
      to: { path: "^tests/", pathNot: "^tests/helpers/" },
    },
    {
      name: "test-helpers-stand-alone",
      severity: "error",
      comment: "tests/helpers/ is imported by every tier and by bench, so it imports none of them.",
      from: { path: "^tests/helpers/" },
      to: { path: "^tests/", pathNot: "^tests/helpers/" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    includeOnly: "^(src|bench|tests)/",
    doNotFollow: { path: "node_modules" },
    // A type-only import is a dependency too: the folder it names must exist and keep its shape.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
