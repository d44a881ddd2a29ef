import { type DeclaredParameter, parameterTypeProblem } from "../manifests/compiled-package.ts";

/** A parameter as KFP's runtime_config takes it. */
export type RunParameterValue =
  | string
  | number
  | boolean
  | null
  | readonly unknown[]
  | Record<string, unknown>;

/**
 * `--param name=value` overrides on top of a Pipeline's declared parameters, each value typed as the
 * compiled pipeline declares it (integer, number, boolean, list/struct as JSON, string) — or, when the
 * package cannot be read, as the manifest's own value of that name is typed (a string otherwise). An
 * undeclared name or a value of the wrong type is refused with a plain sentence: KFP would refuse it too.
 */
export function runParameters(
  declared: Readonly<Record<string, unknown>>,
  overrides: readonly string[],
  compiled: ReadonlyMap<string, DeclaredParameter> | null,
): { parameters: Record<string, RunParameterValue> } | { problem: string } {
  const parameters: Record<string, RunParameterValue> = {
    ...(declared as Record<string, RunParameterValue>),
  };
  const seen = new Set<string>();
  for (const override of overrides) {
    const eq = override.indexOf("=");
    const name = eq < 0 ? override : override.slice(0, eq);
    if (eq < 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
      return { problem: `\`--param ${override.slice(0, 60)}\` is not name=value` };
    if (seen.has(name)) return { problem: `\`--param ${name}\` is given twice` };
    seen.add(name);
    const text = override.slice(eq + 1);
    const type = compiled?.get(name)?.type;
    if (compiled && !type)
      return {
        problem: `the pipeline declares no parameter \`${name}\` (it declares ${[...compiled.keys()].map((k) => `\`${k}\``).join(", ") || "none"})`,
      };
    const value = typed(text, type ?? inferFrom(declared[name]));
    if (value === undefined)
      return {
        problem: `\`${name}=${text.slice(0, 60)}\` is not a value of its type (${type ?? "as declared"})`,
      };
    const problem = type ? parameterTypeProblem(type, value) : null;
    if (problem) return { problem: `\`--param ${name}\` ${problem}` };
    parameters[name] = value;
  }
  return { parameters };
}

function inferFrom(value: unknown): string {
  if (typeof value === "number") return Number.isInteger(value) ? "NUMBER_INTEGER" : "NUMBER_DOUBLE";
  if (typeof value === "boolean") return "BOOLEAN";
  return "STRING";
}

function typed(text: string, type: string): RunParameterValue | undefined {
  switch (type) {
    case "NUMBER_INTEGER":
      return /^-?\d{1,15}$/.test(text) ? Number(text) : undefined;
    case "NUMBER_DOUBLE":
      return /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : undefined;
    case "BOOLEAN":
      return text === "true" ? true : text === "false" ? false : undefined;
    case "LIST":
    case "STRUCT":
      try {
        return JSON.parse(text) as RunParameterValue;
      } catch {
        return undefined;
      }
    default:
      return text;
  }
}

/** The marker a run's description carries, so the run started for a key is found again in KFP. */
export function runKeyMarker(key: string): string {
  return `[slipway-key=${key}]`;
}
