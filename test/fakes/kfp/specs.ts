import { loadAll } from "js-yaml";

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * An uploaded file as KFP stores it (`YamlStringToPipelineSpecStruct`): the pipeline spec alone, or
 * `{pipeline_spec, platform_spec}` when a second document carries `platforms`. A string is KFP's refusal.
 */
export function specFromYaml(text: string): Json | string {
  let docs: unknown[];
  try {
    docs = loadAll(text).filter((d) => d !== null && d !== undefined);
  } catch {
    return "Failed to convert pipelineSpec yaml string into a protobuf struct";
  }
  const platform = docs.find((d) => isObject(d) && isObject(d.platforms));
  const spec = docs.find((d) => d !== platform);
  if (!isObject(spec) || !isObject(spec.root) || !isObject(spec.pipelineInfo))
    return "Invalid input error: No pipeline spec provided in yaml doc";
  return isObject(platform) ? { pipeline_spec: spec, platform_spec: platform } : spec;
}

/** The pipeline spec inside a stored or submitted `pipeline_spec` Struct. */
function innerSpec(stored: Json): Json | undefined {
  if (isObject(stored.pipeline_spec)) return stored.pipeline_spec;
  return isObject(stored.root) ? stored : undefined;
}

/** The root's declared input parameters: name → `parameterType`. */
export function declaredParameters(stored: Json): Map<string, string> | undefined {
  const spec = innerSpec(stored);
  if (!spec || !isObject(spec.root)) return undefined;
  const inputs = isObject(spec.root.inputDefinitions) ? spec.root.inputDefinitions : {};
  const params = isObject(inputs.parameters) ? inputs.parameters : {};
  return new Map(Object.entries(params).map(([k, v]) => [k, String((v as Json)?.parameterType ?? "")]));
}

/** KFP refuses parameters the pipeline does not declare (`util.ValidateParameters`…): its message. */
export function unrecognizedParameter(stored: Json, parameters: Json): string | null {
  const declared = declaredParameters(stored);
  if (!declared) return null;
  for (const name of Object.keys(parameters))
    if (!declared.has(name)) return `Invalid input error: Unrecognized input parameter: ${name}`;
  return null;
}
