import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { stringify } from "yaml";
import { formatVersion } from "../src/importer/format.ts";

/**
 * Synthetic, B-Tech-shaped seed data for benchmarks: deterministic from a seed number, written in the
 * importer's own format, and marked synthetic everywhere (ids, names, source titles). Never mixed into
 * seed/: it goes to bench/data/, which git ignores.
 */
export interface GeneratedDataset {
  files: string[];
  entities: number;
  facts: number;
}

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same graph on every machine. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (max: number) => Math.floor(next() * max),
    /** Zipf-like pick: low indices are chosen far more often, as a few companies and themes dominate. */
    skewed: (max: number) => Math.min(max - 1, Math.floor(max * next() ** 2.5)),
  };
}

/** How the entities of a dataset are shared out among the types. */
const shares = {
  Company: 0.03,
  Organization: 0.04,
  Representative: 0.2,
  Expert: 0.12,
  Theme: 0.05,
  Programme: 0.005,
  Practice: 0.005,
  Event: 0.55,
} as const;

const recordsPerFile = 40_000;

/** Writes a dataset of about `entities` entities (and about twice as many facts) into `folder`. */
export async function generateDataset(
  entities: number,
  seed: number,
  folder: string,
): Promise<GeneratedDataset> {
  const rng = random(seed);
  const counts = Object.fromEntries(
    Object.entries(shares).map(([type, share]) => [type, Math.max(1, Math.round(entities * share))]),
  ) as Record<keyof typeof shares, number>;
  const id = (type: string, index: number) => `${type.toLowerCase()}:synthetic-${index}`;
  const evidence = (what: string) => [{ section: "SYNTHETIC", quote: `synthetic ${what}` }];

  const entityRecords: object[] = [];
  for (const [type, count] of Object.entries(counts)) {
    for (let index = 0; index < count; index += 1) {
      const record: Record<string, unknown> = {
        id: id(type, index),
        type,
        name: `Synthetic ${type} ${index}`,
        evidence: evidence(`${type} ${index}`),
      };
      if (type === "Event") {
        const day = new Date(Date.UTC(2015, 0, 1) + rng.int(365 * 10) * 86_400_000)
          .toISOString()
          .slice(0, 10);
        record.properties = {
          kind: "SESSION",
          status: "HELD",
          date: day,
          label: `Synthetic session ${index}`,
        };
      }
      if (type === "Company") record.properties = { sector: "Synthetic", country: `Country ${rng.int(40)}` };
      entityRecords.push(record);
    }
  }

  const factRecords = new Map<string, object>();
  const fact = (predicate: string, subject: string, object: string, properties?: object) => {
    const key = `${predicate} ${subject} ${object}`;
    if (!factRecords.has(key)) {
      factRecords.set(key, {
        predicate,
        subject,
        object,
        ...(properties ? { properties } : {}),
        evidence: evidence(`fact ${factRecords.size}`),
      });
    }
  };
  for (let index = 0; index < counts.Company; index += 1) {
    fact("MEMBER_OF", id("Company", index), id("Programme", rng.skewed(counts.Programme)), {
      since: 2015 + rng.int(8),
    });
  }
  for (let index = 0; index < counts.Event; index += 1) {
    const event = id("Event", index);
    fact("PART_OF", event, id("Programme", rng.skewed(counts.Programme)));
    fact("HAS_THEME", event, id("Theme", rng.skewed(counts.Theme)));
    if (rng.next() < 0.5) fact("HAS_THEME", event, id("Theme", rng.skewed(counts.Theme)));
    fact("PARTICIPATED_IN", id("Company", rng.skewed(counts.Company)), event);
    if (rng.next() < 0.4) fact("PARTICIPATED_IN", id("Expert", rng.skewed(counts.Expert)), event);
  }
  for (let index = 0; index < counts.Representative; index += 1) {
    fact("REPRESENTS", id("Representative", index), id("Company", rng.skewed(counts.Company)));
  }
  for (let index = 0; index < counts.Expert; index += 1) {
    fact("AFFILIATED_WITH", id("Expert", index), id("Organization", rng.skewed(counts.Organization)));
  }
  for (let index = 1; index < counts.Theme; index += 1) {
    fact("BROADER", id("Theme", index), id("Theme", rng.int(index)));
  }
  for (let index = 0; index < counts.Programme; index += 1) {
    fact("USES_PRACTICE", id("Programme", index), id("Practice", rng.int(counts.Practice)), {
      status: "CURRENT",
    });
  }

  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const facts = [...factRecords.values()];
  // Entities first, then facts, split into files small enough for the importer's size limit; facts may
  // refer to entities of another file of the same run.
  const records = [
    ...entityRecords.map((record) => ["entity", record] as const),
    ...facts.map((record) => ["fact", record] as const),
  ];
  const files: string[] = [];
  for (let start = 0, part = 1; start < records.length; start += recordsPerFile, part += 1) {
    const chunk = records.slice(start, start + recordsPerFile);
    const file = path.join(
      folder,
      `synthetic-${entities}-${seed}-part-${String(part).padStart(3, "0")}.yaml`,
    );
    const document = {
      format: formatVersion,
      source: {
        id: `source:synthetic-${entities}-${seed}-part-${part}`,
        title: `SYNTHETIC benchmark data (${entities} entities, seed ${seed}, part ${part}); not about the real B-Tech COP`,
      },
      entities: chunk.filter(([kind]) => kind === "entity").map(([, record]) => record),
      facts: chunk.filter(([kind]) => kind === "fact").map(([, record]) => record),
    };
    await writeFile(
      file,
      `# Synthetic benchmark data generated by bench/generate.ts. Not real.\n${stringify(document)}`,
    );
    files.push(file);
  }
  return { files, entities: entityRecords.length, facts: facts.length };
}
