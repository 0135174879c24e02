// Every import holds its whole plan in memory (validated records, then rows), so a big file set needs more of
// Node's heap than its default limit (about 4 GB on 64-bit). Said before the import starts, not after minutes
// of work end in "JavaScript heap out of memory".
import { getHeapStatistics } from "node:v8";

/**
 * Heap bytes per byte of YAML an import holds: 6.36 GB in use after the CSV step for the 1.15 GB of the 1M
 * benchmark set (bench/data/synthetic-1000000-seed-42, 30 Nov 2026; 5.47 GB after validation), rounded up.
 * Not set in package.json's seed script: a flag there would override the NODE_OPTIONS this advises.
 */
export const heapBytesPerYamlByte = 6;

/**
 * A warning when files weighing `yamlBytes` probably need more heap than Node's limit (`heapLimit`, this
 * process's by default), naming the limit to set; undefined when the limit suffices.
 *
 * @example
 * const warning = heapWarning(await totalBytes(files));
 * if (warning) console.error(warning);
 */
export function heapWarning(
  yamlBytes: number,
  heapLimit = getHeapStatistics().heap_size_limit,
): string | undefined {
  const needed = yamlBytes * heapBytesPerYamlByte;
  if (needed <= heapLimit) return undefined;
  const gigabytes = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);
  // One GiB beyond the estimate: the collector needs room above what is live.
  const megabytes = (Math.ceil(needed / 1024 ** 3) + 1) * 1024;
  return [
    `These files weigh ${gigabytes(yamlBytes)} GB; an import holds them in memory, about ${gigabytes(needed)} GB of Node's heap (INFERRED from the 1M benchmark set: ${heapBytesPerYamlByte} bytes per byte of YAML), and this process's limit is ${gigabytes(heapLimit)} GB.`,
    `If it stops with "JavaScript heap out of memory", run it again with NODE_OPTIONS=--max-old-space-size=${megabytes} (the machine needs that much free memory).`,
  ].join("\n");
}
