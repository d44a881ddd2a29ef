import { decodeFile } from "./decode-file.ts";
import { LIMITS, type Limits } from "./limits.ts";
import { parseYamlFile } from "./parse-yaml.ts";

/** KFP's `ParameterTypeEnum` (pipeline_spec.proto); UNKNOWN stands for a value this reader does not know. */
export type ParameterType =
  | "STRING"
  | "NUMBER_INTEGER"
  | "NUMBER_DOUBLE"
  | "BOOLEAN"
  | "LIST"
  | "STRUCT"
  | "TASK_FINAL_STATUS"
  | "UNKNOWN";

export interface DeclaredParameter {
  readonly name: string;
  readonly type: ParameterType;
  /** `isOptional`, or a default value: KFP fills it in when a run leaves it out. */
  readonly optional: boolean;
}

/**
 * A compiled pipeline (KFP's IR YAML): the pipeline spec, the platform spec when the file has a second
 * document with `platforms`, and the root's declared input parameters.
 */
export interface CompiledPackage {
  readonly pipelineSpec: Readonly<Record<string, unknown>>;
  readonly platformSpec?: Readonly<Record<string, unknown>>;
  /** `pipelineInfo.name`. */
  readonly name?: string;
  readonly parameters: ReadonlyMap<string, DeclaredParameter>;
}

/** Compiled pipelines are larger than manifests; KFP's own upload limit is 32 MiB. */
export const MAX_PACKAGE_BYTES = 8 * 1024 * 1024;

const PACKAGE_LIMITS: Limits = {
  ...LIMITS,
  maxFileBytes: MAX_PACKAGE_BYTES,
  maxDocumentsPerFile: 2,
  maxExpandedNodes: 1_000_000,
};

const TYPES: readonly ParameterType[] = [
  "STRING",
  "NUMBER_INTEGER",
  "NUMBER_DOUBLE",
  "BOOLEAN",
  "LIST",
  "STRUCT",
  "TASK_FINAL_STATUS",
];

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Reads a compiled pipeline file, bounded (size, depth, aliases, documents). Returns the package or one
 * plain sentence saying why it is not one; never throws. `where` names the file in that sentence.
 */
export function readCompiledPackage(
  where: string,
  bytes: Uint8Array,
): { package: CompiledPackage } | { problem: string } {
  const decoded = decodeFile(where, bytes, PACKAGE_LIMITS);
  if (!decoded.ok) return { problem: `${where}: ${decoded.diagnostic.message}` };
  const parsed = parseYamlFile(where, decoded.text, PACKAGE_LIMITS);
  const error = parsed.diagnostics.find((d) => d.severity === "error");
  if (error) return { problem: `${where}:${error.line}:${error.column}: ${error.message}` };
  let pipelineSpec: Obj | undefined;
  let platformSpec: Obj | undefined;
  for (const doc of parsed.documents) {
    if (!isObject(doc.value)) return { problem: `${where}: a document is not a mapping` };
    // KFP tells the documents apart the same way (`IsPlatformSpecWithKubernetesConfig`).
    if (isObject(doc.value.platforms)) platformSpec = doc.value;
    else if (pipelineSpec === undefined) pipelineSpec = doc.value;
    else return { problem: `${where}: two pipeline specs in one file` };
  }
  if (!pipelineSpec) return { problem: `${where}: no pipeline spec (a compiled pipeline has \`root\`)` };
  if (!isObject(pipelineSpec.root) || !isObject(pipelineSpec.pipelineInfo))
    return {
      problem: `${where}: not a compiled KFP v2 pipeline (\`pipelineInfo\` and \`root\` are missing); compile it with kfp.compiler`,
    };
  const name = pipelineSpec.pipelineInfo.name;
  return {
    package: {
      pipelineSpec,
      ...(platformSpec ? { platformSpec } : {}),
      ...(typeof name === "string" ? { name } : {}),
      parameters: declaredParameters(pipelineSpec.root),
    },
  };
}

function declaredParameters(root: Obj): Map<string, DeclaredParameter> {
  const out = new Map<string, DeclaredParameter>();
  const inputs = isObject(root.inputDefinitions) ? root.inputDefinitions : {};
  const parameters = isObject(inputs.parameters) ? inputs.parameters : {};
  for (const [name, raw] of Object.entries(parameters)) {
    const def = isObject(raw) ? raw : {};
    const type = TYPES.find((t) => t === def.parameterType) ?? "UNKNOWN";
    out.set(name, { name, type, optional: def.isOptional === true || def.defaultValue !== undefined });
  }
  return out;
}

/** The body KFP takes as a run's `pipeline_spec`: the spec itself, or both documents as sub-structs. */
export function pipelineSpecBody(pkg: CompiledPackage): Readonly<Record<string, unknown>> {
  return pkg.platformSpec
    ? { pipeline_spec: pkg.pipelineSpec, platform_spec: pkg.platformSpec }
    : pkg.pipelineSpec;
}

/**
 * Why `value` does not fit a parameter of type `type` as KFP reads runtime parameters, or null when it
 * does. NUMBER_INTEGER must be a whole number within JavaScript's safe range, as the IR says.
 */
export function parameterTypeProblem(type: ParameterType, value: unknown): string | null {
  const got = Array.isArray(value) ? "a list" : value === null ? "null" : `a ${typeof value}`;
  switch (type) {
    case "STRING":
      return typeof value === "string" ? null : `is ${got}; the pipeline declares a string`;
    case "NUMBER_INTEGER":
      return typeof value === "number" && Number.isSafeInteger(value)
        ? null
        : `is ${typeof value === "number" ? "not a whole number" : got}; the pipeline declares an integer`;
    case "NUMBER_DOUBLE":
      return typeof value === "number" ? null : `is ${got}; the pipeline declares a number`;
    case "BOOLEAN":
      return typeof value === "boolean" ? null : `is ${got}; the pipeline declares a boolean`;
    case "LIST":
      return Array.isArray(value) ? null : `is ${got}; the pipeline declares a list`;
    case "STRUCT":
      return isObject(value) ? null : `is ${got}; the pipeline declares a struct`;
    default:
      return null;
  }
}
