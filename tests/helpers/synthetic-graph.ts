import { existsSync } from "node:fs";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { formatVersion } from "../../src/importer/format.ts";
import { seededRandom } from "./random.ts";
import { seedYaml } from "./seed-yaml.ts";

/**
 * Synthetic, B-Tech-shaped seed data for benchmarks (and the resilience tests' large imports): deterministic from a seed number, written in the
 * importer's own format, and marked synthetic everywhere (ids, names, source titles, a comment heading each
 * file). Never mixed into seed/: it goes to bench/data/, which git ignores.
 */

/** Bump when the shape of generated data changes, so cached datasets are rebuilt. */
const generatorVersion = 2;

/** An entity record, as a seed file holds it. */
export interface EntityRecord {
  id: string;
  type: EntityType;
  name: string;
  description?: string;
  properties?: Record<string, unknown>;
  evidence: EvidenceRecord[];
}

export interface FactRecord {
  predicate: string;
  subject: string;
  object: string;
  properties?: Record<string, unknown>;
  evidence: EvidenceRecord[];
}

export interface EvidenceRecord {
  section: string;
  quote: string;
  basis?: "INFERRED";
  reason?: string;
}

/** Everything one dataset holds, in memory (the baseline import writes these very rows). */
export interface GeneratedRecords {
  entities: EntityRecord[];
  facts: FactRecord[];
}

export interface GeneratedDataset {
  /** The seed files, in import order. */
  files: string[];
  entities: number;
  facts: number;
  /** Per type and per predicate, for the report. */
  counts: Record<string, number>;
}

/** The seeded PRNG, plus the two draws a long-tailed graph needs: the same seed gives the same graph. */
function random(seed: number) {
  const rng = seededRandom(seed);
  return {
    ...rng,
    /**
     * Zipf-like pick (probability of index i ∝ 1/(i+1)): a few companies, themes and programmes take most
     * of the links and most take few, the long-tailed degree distribution of real participation networks.
     */
    zipf: (max: number) => Math.min(max - 1, Math.floor(Math.exp(rng.next() * Math.log(max + 1))) - 1),
    /** How many of something (0, 1, 2…) with mean `mean`, geometrically distributed: most small, a few big. */
    geometric: (mean: number, cap: number) => {
      let count = 0;
      const p = mean / (1 + mean);
      while (count < cap && rng.next() < p) count += 1;
      return count;
    },
  };
}

export type EntityType =
  | "Company"
  | "Organization"
  | "Representative"
  | "Expert"
  | "Theme"
  | "Programme"
  | "Practice"
  | "Event";

/** How the entities of a dataset are shared out among the types. */
const shares: Record<EntityType, number> = {
  Company: 0.04,
  Organization: 0.03,
  Representative: 0.16,
  Expert: 0.12,
  Theme: 0.02,
  Programme: 0.005,
  Practice: 0.002,
  Event: 0.623,
};

/** Words for names and descriptions, so full-text search has realistic, skewed matches. */
const words = [
  "rights",
  "privacy",
  "platform",
  "remedy",
  "diligence",
  "surveillance",
  "content",
  "moderation",
  "telecom",
  "cloud",
  "algorithm",
  "conflict",
  "labour",
  "supply",
  "chain",
  "data",
  "governance",
  "transparency",
  "accountability",
  "children",
  "safety",
  "expression",
  "access",
  "security",
  "risk",
  "impact",
  "assessment",
  "grievance",
  "stakeholder",
  "engagement",
  "investor",
  "policy",
  "regulation",
  "sanctions",
  "export",
  "shutdown",
  "encryption",
  "biometric",
  "artificial",
  "intelligence",
  "climate",
  "minerals",
  "gig",
  "workers",
  "advertising",
  "election",
  "disinformation",
  "refugees",
  "health",
  "fintech",
] as const;

/** Records per seed file: entities first, then facts, cut into files of this many. */
export const recordsPerFile = 40_000;
const startDay = Date.UTC(2015, 0, 1);

const id = (type: EntityType, index: number) => `${type.toLowerCase()}:synthetic-${index}`;

/** Generates a dataset of `size` entities in memory. Deterministic: same size and seed, same records. */
export function generateRecords(size: number, seed: number): GeneratedRecords {
  const rng = random(seed);
  const count = Object.fromEntries(
    Object.entries(shares).map(([type, share]) => [type, Math.max(2, Math.round(size * share))]),
  ) as Record<EntityType, number>;
  // The shares round; Event takes what is left so the total is exactly `size`.
  const others = Object.entries(count).reduce((sum, [type, n]) => (type === "Event" ? sum : sum + n), 0);
  count.Event = Math.max(2, size - others);

  const phrase = (length: number) => Array.from({ length }, () => words[rng.zipf(words.length)]).join(" ");
  let quoteCounter = 0;
  /** Every record cites the synthetic source; about one in ten is an inference, with its reason. */
  const evidence = (what: string): EvidenceRecord[] => {
    quoteCounter += 1;
    const item: EvidenceRecord = {
      section: `Synthetic section ${1 + (quoteCounter % 12)}`,
      quote: `Synthetic statement ${quoteCounter}: ${what}.`,
    };
    if (rng.next() < 0.1) {
      item.basis = "INFERRED";
      item.reason = "Synthetic inference, generated for benchmarking.";
    }
    return [item];
  };

  const entities: EntityRecord[] = [];
  const eventsOfProgramme = new Map<number, number>();
  const eventProgramme: number[] = [];
  for (const type of Object.keys(shares) as EntityType[]) {
    for (let index = 0; index < count[type]; index += 1) {
      const name = `Synthetic ${type} ${index} ${phrase(2)}`;
      const record: EntityRecord = { id: id(type, index), type, name, evidence: evidence(name) };
      if (rng.next() < 0.5) record.description = `Synthetic description: ${phrase(8)}.`;
      switch (type) {
        case "Company":
          record.properties = {
            sector: `Synthetic sector ${rng.zipf(20)}`,
            country: `Country ${rng.zipf(60)}`,
          };
          break;
        case "Expert":
          record.properties = { kind: rng.next() < 0.85 ? "PERSON" : "DELEGATION" };
          break;
        case "Representative":
          record.properties = {
            role: rng.pick(["Head of human rights", "Policy lead", "Counsel", "Analyst"]),
          };
          break;
        case "Programme":
          record.properties = {
            kind: rng.pick(["COMMUNITY_OF_PRACTICE", "WEBINAR_SERIES", "WORKING_GROUP", "PROJECT"]),
            startYear: 2015 + rng.int(8),
          };
          break;
        case "Event": {
          // Later events are more frequent: the network grows over the years.
          const day = startDay + Math.floor(Math.sqrt(rng.next()) * 365 * 10) * 86_400_000;
          const iso = new Date(day).toISOString();
          const programme = rng.zipf(count.Programme);
          eventProgramme.push(programme);
          eventsOfProgramme.set(programme, (eventsOfProgramme.get(programme) ?? 0) + 1);
          record.properties = {
            kind: rng.pick(["SESSION", "SESSION", "SESSION", "DIALOGUE", "CONVENING", "SPECIAL_SESSION"]),
            status: rng.next() < 0.9 ? "HELD" : "PLANNED",
            format: rng.pick(["VIRTUAL", "VIRTUAL", "IN_PERSON", "HYBRID"]),
            label: `Synthetic session ${index}`,
            title: phrase(4),
            // One event in ten gives a month rather than a day, as the source does.
            ...(rng.next() < 0.1 ? { period: iso.slice(0, 7) } : { date: iso.slice(0, 10) }),
          };
          break;
        }
        default:
          break;
      }
      entities.push(record);
    }
  }

  const facts: FactRecord[] = [];
  const seen = new Set<string>();
  const fact = (predicate: string, subject: string, object: string, properties?: Record<string, unknown>) => {
    const key = `${predicate} ${subject} ${object}`;
    if (seen.has(key)) return;
    seen.add(key);
    facts.push({
      predicate,
      subject,
      object,
      ...(properties ? { properties } : {}),
      evidence: evidence(`${subject} ${predicate.toLowerCase()} ${object}`),
    });
  };

  for (let index = 0; index < count.Company; index += 1) {
    const memberships = 1 + rng.geometric(0.3, 3);
    for (let m = 0; m < memberships; m += 1) {
      fact("MEMBER_OF", id("Company", index), id("Programme", rng.zipf(count.Programme)), {
        since: 2015 + rng.int(8),
      });
    }
  }
  for (let index = 0; index < count.Representative; index += 1) {
    if (rng.next() < 0.9) {
      fact("REPRESENTS", id("Representative", index), id("Company", rng.zipf(count.Company)));
    } else {
      fact("REPRESENTS", id("Representative", index), id("Organization", rng.zipf(count.Organization)));
    }
  }
  for (let index = 0; index < count.Expert; index += 1) {
    fact("AFFILIATED_WITH", id("Expert", index), id("Organization", rng.zipf(count.Organization)));
    if (rng.next() < 0.15) {
      fact("CONTRIBUTED_TO", id("Expert", index), id("Programme", rng.zipf(count.Programme)));
    }
  }
  for (let index = 0; index < count.Organization; index += 1) {
    if (index > 0 && rng.next() < 0.05) {
      fact("PART_OF", id("Organization", index), id("Organization", rng.int(index)));
    }
  }
  for (let index = 1; index < count.Theme; index += 1) {
    if (rng.next() < 0.8) fact("BROADER", id("Theme", index), id("Theme", rng.zipf(index)));
  }
  for (let index = 0; index < count.Programme; index += 1) {
    fact("RUNS", id("Organization", rng.zipf(count.Organization)), id("Programme", index));
    const themes = 1 + rng.geometric(1, 4);
    for (let t = 0; t < themes; t += 1)
      fact("HAS_THEME", id("Programme", index), id("Theme", rng.zipf(count.Theme)));
    const practices = 1 + rng.geometric(0.5, 3);
    for (let p = 0; p < practices; p += 1) {
      fact("USES_PRACTICE", id("Programme", index), id("Practice", rng.int(count.Practice)), {
        status: "CURRENT",
        year: 2015 + rng.int(8),
      });
    }
  }
  const lastEventOfProgramme = new Map<number, number>();
  for (let index = 0; index < count.Event; index += 1) {
    const event = id("Event", index);
    const programme = eventProgramme[index] ?? 0;
    fact("PART_OF", event, id("Programme", programme));
    const previous = lastEventOfProgramme.get(programme);
    if (previous !== undefined && rng.next() < 0.2) fact("FOLLOWS", event, id("Event", previous));
    lastEventOfProgramme.set(programme, index);
    const themes = 1 + rng.geometric(0.3, 4);
    for (let t = 0; t < themes; t += 1) fact("HAS_THEME", event, id("Theme", rng.zipf(count.Theme)));
    const companies = rng.geometric(0.6, 12);
    for (let c = 0; c < companies; c += 1) {
      fact("PARTICIPATED_IN", id("Company", rng.zipf(count.Company)), event);
    }
    const experts = rng.geometric(0.4, 8);
    for (let e = 0; e < experts; e += 1) fact("PARTICIPATED_IN", id("Expert", rng.zipf(count.Expert)), event);
    if (rng.next() < 0.2) {
      fact("PARTICIPATED_IN", id("Representative", rng.zipf(count.Representative)), event);
    }
    if (rng.next() < 0.05) fact("INVOLVES", event, id("Company", rng.zipf(count.Company)));
  }
  return { entities, facts };
}

/** The source id of part `part` (0-based) of a dataset: each file is a synthetic source of its own. */
export function sourceIdOf(size: number, seed: number, part: number): string {
  return `source:synthetic-${size}-${seed}-part-${part + 1}`;
}

/** Where a dataset of this size and seed lives. */
export function datasetFolder(root: string, size: number, seed: number): string {
  return path.join(root, `synthetic-${size}-seed-${seed}`);
}

/**
 * Writes the dataset of `size` entities into `folder` as seed files (or reuses the files a previous run
 * wrote for the same size, seed and generator version).
 */
export async function generateDataset(
  size: number,
  seed: number,
  folder: string,
  log: (line: string) => void = () => {},
): Promise<GeneratedDataset> {
  const manifestFile = path.join(folder, "manifest.json");
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as GeneratedDataset & {
      generatorVersion: number;
    };
    if (manifest.generatorVersion === generatorVersion && manifest.files.every((file) => existsSync(file))) {
      log(`Reusing the generated ${size}-entity dataset in ${path.relative(process.cwd(), folder)}.`);
      return manifest;
    }
  }
  const started = Date.now();
  const { entities, facts } = generateRecords(size, seed);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const counts: Record<string, number> = {};
  for (const entity of entities) counts[entity.type] = (counts[entity.type] ?? 0) + 1;
  for (const item of facts) counts[item.predicate] = (counts[item.predicate] ?? 0) + 1;

  // Entities first, then facts, split into files well under the importer's size limit; a fact may refer to
  // an entity of another file of the same run.
  const files: string[] = [];
  const parts = Math.ceil((entities.length + facts.length) / recordsPerFile);
  for (let part = 0; part < parts; part += 1) {
    const start = part * recordsPerFile;
    const end = start + recordsPerFile;
    const document = {
      format: formatVersion,
      source: {
        id: sourceIdOf(size, seed, part),
        title: `SYNTHETIC benchmark data (${size} entities, seed ${seed}, part ${part + 1} of ${parts}); not about the real B-Tech COP`,
        description:
          "Generated by tests/helpers/synthetic-graph.ts for benchmarks. Every name, fact and quote in it is made up.",
      },
      entities: entities.slice(start, Math.min(end, entities.length)),
      facts: facts.slice(Math.max(0, start - entities.length), Math.max(0, end - entities.length)),
    };
    const file = path.join(
      folder,
      `synthetic-${size}-seed-${seed}-part-${String(part + 1).padStart(3, "0")}.yaml`,
    );
    await writeFile(
      file,
      `# SYNTHETIC benchmark data generated by tests/helpers/synthetic-graph.ts (seed ${seed}). Not real; never import it into a real graph.\n${seedYaml(document)}`,
    );
    files.push(file);
    if (parts > 4) log(`Generating ${size}: file ${part + 1}/${parts}`);
  }
  const dataset: GeneratedDataset = { files, entities: entities.length, facts: facts.length, counts };
  await writeFile(manifestFile, JSON.stringify({ ...dataset, generatorVersion, seed, size }, null, 2));
  log(
    `Generated ${entities.length} entities and ${facts.length} facts in ${files.length} files (${((Date.now() - started) / 1000).toFixed(1)} s).`,
  );
  return dataset;
}
