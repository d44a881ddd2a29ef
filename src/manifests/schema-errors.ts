import type { ErrorObject } from "ajv";
import { closestMatch } from "./closest-match.ts";
import type { DiagnosticCode } from "./codes.ts";
import type { JsonPath } from "./locate-node.ts";

/** A schema violation in plain words, with the path and part of the node it is about. */
export interface SchemaProblem {
  path: JsonPath;
  target: "value" | "key";
  code: DiagnosticCode;
  message: string;
}

/**
 * Turns ajv's errors into plain-worded problems. Alternatives (anyOf) are collapsed into the one
 * branch that matches the value's type, or into a single "must be A or B"; raw ajv wording and
 * schema paths never reach the user.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[]): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  const collapsed = collapseAlternatives(errors);
  // A misspelt field is reported once, as unknown with its suggestion, not also as missing.
  const misspelt = new Set(
    collapsed.flatMap((e) => {
      if (e.keyword !== "additionalProperties") return [];
      const allowed = Object.keys((e.parentSchema?.properties as object | undefined) ?? {});
      const guess = closestMatch(String(e.params.additionalProperty), allowed);
      return guess ? [`${e.instancePath}/${guess}`] : [];
    }),
  );
  for (const error of collapsed) {
    if (
      error.keyword === "required" &&
      misspelt.has(`${error.instancePath}/${String(error.params.missingProperty)}`)
    ) {
      continue;
    }
    const problem = describe(error);
    const key = `${problem.path.join("\u0000")}|${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function collapseAlternatives(errors: readonly ErrorObject[]): ErrorObject[] {
  const out: ErrorObject[] = [];
  const unions = errors.filter((e) => e.keyword === "anyOf" || e.keyword === "oneOf");
  const inUnion = (e: ErrorObject) =>
    unions.some((u) => e !== u && e.schemaPath.startsWith(`${u.schemaPath}/`));
  for (const error of errors) {
    if (inUnion(error)) continue;
    if (error.keyword !== "anyOf" && error.keyword !== "oneOf") {
      out.push(error);
      continue;
    }
    const branches = new Map<string, ErrorObject[]>();
    for (const e of errors) {
      if (e === error || !e.schemaPath.startsWith(`${error.schemaPath}/`)) continue;
      const branch = e.schemaPath.slice(error.schemaPath.length + 1).split("/")[0] ?? "";
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    // The branch whose type fits the value explains the problem best.
    const fitting = [...branches.values()].filter(
      (list) => !list.some((e) => e.keyword === "type" && e.instancePath === error.instancePath),
    );
    const [only] = fitting;
    if (fitting.length === 1 && only) out.push(...only);
    else {
      const types = [...branches.values()].flatMap((list) =>
        list.filter((e) => e.keyword === "type").map((e) => String(e.params.type)),
      );
      out.push({ ...error, keyword: "type", params: { type: [...new Set(types)].join(",") } });
    }
  }
  return out;
}

function describe(error: ErrorObject): SchemaProblem {
  const path = pointerToPath(error.instancePath);
  const where = path.length > 0 ? `\`${displayPath(path)}\`` : "the document";
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case "required":
      return problem(
        path,
        "key",
        "SLW030",
        `${where} is missing the required field \`${String(p.missingProperty)}\``,
      );
    case "additionalProperties": {
      const field = String(p.additionalProperty);
      const parent = error.parentSchema as { properties?: object; patternProperties?: object } | undefined;
      if (parent?.patternProperties && !parent.properties) {
        // A map keyed by name (components, labels, parameters): the key is a bad name, not a misspelt field.
        return problem(
          [...path, field],
          "key",
          "SLW035",
          `${shownKey(field)} is not a valid name in ${where}`,
        );
      }
      if (field === "canaryTrafficPercent")
        // KServe's own field: it only takes effect in Knative mode, and KServe ignores it in Standard
        // (formerly RawDeployment) mode, where a split is `spec.canary[].trafficPercent` (issue #22).
        return problem(
          [...path, field],
          "key",
          "SLW031",
          `\`canaryTrafficPercent\` is KServe's Knative-mode field, ignored in Standard and RawDeployment mode; Slipway writes the split for the environment's mode from \`serving.canary\` (\`steps\`, or a fixed \`percent\`)`,
        );
      const allowed = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const guess = closestMatch(field, allowed);
      const suggestion = guess
        ? ` (did you mean \`${guess}\`?)`
        : allowed.length > 0
          ? ` (allowed: ${allowed.join(", ")})`
          : "";
      return problem(
        [...path, field],
        "key",
        "SLW031",
        `unknown field \`${field}\` in ${where}${suggestion}`,
      );
    }
    case "type": {
      // YAML reads unquoted 7, 1e3 or true as a number or boolean; say how to keep such a value text.
      const quote =
        String(p.type) === "string" && ["number", "boolean"].includes(typeof error.data)
          ? " (quote the value to keep it text)"
          : "";
      const found = `${valueKind(error.data)}${quote}`;
      return problem(path, "value", "SLW032", `${where} must be ${typeWords(String(p.type))}, not ${found}`);
    }
    case "enum": {
      const allowed = (p.allowedValues as unknown[]).map(String);
      const guess = typeof error.data === "string" ? closestMatch(error.data, allowed) : undefined;
      const suggestion = guess ? ` (did you mean \`${guess}\`?)` : "";
      return problem(path, "value", "SLW033", `${where} must be one of ${allowed.join(", ")}${suggestion}`);
    }
    case "const":
      return problem(path, "value", "SLW033", `${where} must be ${JSON.stringify(p.allowedValue)}`);
    case "pattern": {
      const words = (error.parentSchema as { patternErrorMessage?: string } | undefined)?.patternErrorMessage;
      return problem(path, "value", "SLW035", `${where} ${words ?? "does not have the expected format"}`);
    }
    case "minimum":
    case "maximum":
    case "exclusiveMinimum":
    case "exclusiveMaximum":
      return problem(
        path,
        "value",
        "SLW034",
        `${where} must be ${COMPARISON_WORDS[String(p.comparison)] ?? String(p.comparison)} ${String(p.limit)}`,
      );
    case "minLength":
      return problem(path, "value", "SLW034", `${where} must have at least ${String(p.limit)} character(s)`);
    case "maxLength":
      return problem(path, "value", "SLW034", `${where} must have at most ${String(p.limit)} characters`);
    case "minItems":
      return problem(path, "value", "SLW036", `${where} must have at least ${String(p.limit)} item(s)`);
    case "maxItems":
      return problem(path, "value", "SLW036", `${where} must have at most ${String(p.limit)} items`);
    case "uniqueItems": {
      // ajv scans from the end, so `i` is the earlier index; point at the later copy, the one to remove.
      const [first, second] = [Number(p.i), Number(p.j)].sort((a, b) => a - b) as [number, number];
      return problem(
        [...path, second],
        "value",
        "SLW036",
        `${where} lists the same item twice (items ${first + 1} and ${second + 1})`,
      );
    }
    case "minProperties":
      return problem(
        path,
        "value",
        "SLW036",
        `${where} must have at least ${String(p.limit)} entr${p.limit === 1 ? "y" : "ies"}`,
      );
    default:
      return problem(path, "value", "SLW032", `${where} is not valid here`);
  }
}

function problem(
  path: JsonPath,
  target: "value" | "key",
  code: DiagnosticCode,
  message: string,
): SchemaProblem {
  return { path, target, code, message };
}

/** A key as written, or JSON-quoted when it is empty or holds control characters. */
function shownKey(key: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is detected
  const plain = key !== "" && !/[\u0000-\u001f\u007f`]/.test(key);
  return plain
    ? `\`${key.length > 100 ? `${key.slice(0, 100)}…` : key}\``
    : JSON.stringify(key.slice(0, 100));
}

/** JSON pointer (RFC 6901) → path segments; numeric segments become indices. */
export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

/** `spec.serving.replicas.min`, `spec.promotion.gates[2].metric` */
export function displayPath(path: JsonPath): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/** ajv's `params.comparison` in words; the symbols are ajv's own message ("must be <= 100"). */
const COMPARISON_WORDS: Record<string, string> = {
  "<=": "at most",
  ">=": "at least",
  "<": "less than",
  ">": "greater than",
};

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  object: "a mapping",
  array: "a list",
  null: "empty",
};

function typeWords(types: string): string {
  const words = types.split(",").map((t) => TYPE_WORDS[t] ?? t);
  return words.length > 1 ? `${words.slice(0, -1).join(", ")} or ${words.at(-1)}` : (words[0] ?? "valid");
}

/** Describes a value's kind without ever repeating the value (it might be a secret). */
function valueKind(value: unknown): string {
  if (value === null || value === undefined) return "empty";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return "text";
  if (typeof value === "number") return Number.isInteger(value) ? "a whole number" : "a decimal number";
  return typeof value === "boolean" ? "true/false" : typeof value;
}
