// Benchmark of `slipway validate`'s engine on a generated repository of 5,000 manifests.
// Prints manifests per second and, measured in the same run, the overhead ratio against the floor:
// plain `yaml.parse` plus a compiled ajv validation of the same files, without positions, semantic
// checks or credential scanning. A second floor uses the engine's own parser (js-yaml) the same way,
// so the cost of everything beyond parsing and schema validation is visible on its own.
import { CORE_SCHEMA, loadAll, mergeTag } from "js-yaml";
import { parse } from "yaml";
import { compiledValidator } from "../src/manifests/compile-schemas.ts";
import { isManifestKind, KIND_SCHEMAS } from "../src/manifests/schemas/index.ts";
import { repoConfigSchema } from "../src/manifests/schemas/repo-config.ts";
import { validateRepo } from "../src/manifests/validate-repo.ts";
import { generatePlatformRepo } from "./generate-platform-repo.ts";

const MANIFESTS = 5000;
const ROUNDS = 7;

const files = generatePlatformRepo(MANIFESTS);
const decoder = new TextDecoder();

function floor(): number {
  let valid = 0;
  for (const [path, bytes] of files) {
    const value = parse(decoder.decode(bytes)) as { kind?: unknown };
    const schema = schemaOf(path, value);
    if (schema && compiledValidator(schema)(value)) valid++;
  }
  return valid;
}

const schemaOf = (path: string, value: { kind?: unknown }) =>
  path === ".slipway.yml" ? repoConfigSchema : isManifestKind(value.kind) ? KIND_SCHEMAS[value.kind] : null;
const jsYamlSchema = CORE_SCHEMA.withTags(mergeTag);

function parserFloor(): number {
  let valid = 0;
  for (const [path, bytes] of files) {
    for (const value of loadAll(decoder.decode(bytes), { schema: jsYamlSchema }) as { kind?: unknown }[]) {
      const schema = schemaOf(path, value);
      if (schema && compiledValidator(schema)(value)) valid++;
    }
  }
  return valid;
}

function engine(): number {
  const result = validateRepo({ files });
  if (!result.ok || result.diagnostics.some((d) => d.severity !== "notice"))
    throw new Error(`generated repository is invalid: ${JSON.stringify(result.diagnostics.slice(0, 3))}`);
  return result.summary.manifests;
}

function time(fn: () => number): { ms: number; count: number } {
  const start = process.hrtime.bigint();
  const count = fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, count };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

// Warm up both paths (JIT, schema compilation), then alternate rounds so both see the same machine state.
floor();
parserFloor();
engine();
const floorTimes: number[] = [];
const parserFloorTimes: number[] = [];
const engineTimes: number[] = [];
let manifests = 0;
for (let i = 0; i < ROUNDS; i++) {
  floorTimes.push(time(floor).ms);
  parserFloorTimes.push(time(parserFloor).ms);
  const run = time(engine);
  engineTimes.push(run.ms);
  manifests = run.count;
}
const engineMs = median(engineTimes);
const floorMs = median(floorTimes);
const parserFloorMs = median(parserFloorTimes);
const perSecond = Math.round((manifests / engineMs) * 1000);
process.stdout.write(
  [
    `validate: ${manifests} manifests in ${files.size} files`,
    `  engine  ${engineMs.toFixed(1)} ms (median of ${ROUNDS})  ${perSecond} manifests/s`,
    `  floor   ${floorMs.toFixed(1)} ms (yaml.parse + compiled ajv, median of ${ROUNDS})  ${Math.round((manifests / floorMs) * 1000)} manifests/s`,
    `  floor'  ${parserFloorMs.toFixed(1)} ms (js-yaml + compiled ajv, the engine's parser, median of ${ROUNDS})`,
    `  overhead ratio engine/floor: ${(engineMs / floorMs).toFixed(2)}`,
    `  overhead ratio engine/floor' (positions, semantic checks, credential scan): ${(engineMs / parserFloorMs).toFixed(2)}`,
    "",
  ].join("\n"),
);
