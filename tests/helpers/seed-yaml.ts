import { CORE_SCHEMA, dump, load } from "js-yaml";

/**
 * Parses seed YAML the way the importer does (js-yaml's core schema: no timestamps, no custom tags), for
 * tests that read a seed file or edit one into a variant.
 */
export function parseSeedYaml(text: string): unknown {
  return load(text, { schema: CORE_SCHEMA });
}

/**
 * Writes a value as seed YAML that the importer reads back as the same value: no anchors, which it refuses
 * (a value used twice is written twice), and no folded lines, so long quotes stay on one line.
 *
 * @example
 * await writeFile(file, seedYaml({ format: formatVersion, source, entities }));
 */
export function seedYaml(value: unknown): string {
  return dump(value, { noRefs: true, lineWidth: -1 });
}
