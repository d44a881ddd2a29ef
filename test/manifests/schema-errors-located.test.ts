import { beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/manifests/diagnostic.ts";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { rawWordingIn } from "../helpers/diagnostics.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";

const MODEL = "models/fraud-detection.yaml";
let template: Record<string, string> = {};
beforeAll(async () => {
  template = await templateFiles();
});

/** The template with one exact text replacement in one file; the replaced text must exist. */
function schemaErrorsAfter(file: string, from: string, to: string): Diagnostic[] {
  const text = template[file];
  if (text === undefined || !text.includes(from))
    throw new Error(`${file} does not contain ${JSON.stringify(from)}`);
  const result = validateRepo(treeOf({ ...template, [file]: text.replace(from, to) }));
  const found = result.diagnostics.filter((d) => /^SLW03/.test(d.code));
  expect(rawWordingIn(result.diagnostics)).toEqual([]);
  return found;
}

const shape = (d: Diagnostic) => [d.file, d.line, d.column, d.code, d.message];

describe("schema errors are located and worded plainly", () => {
  it("points an unknown field at its key and suggests the close spelling", () => {
    const found = schemaErrorsAfter(MODEL, "    replicas:\n", "    replica:\n");
    expect(found.filter((d) => d.code === "SLW031").map(shape)).toEqual([
      [MODEL, 23, 5, "SLW031", "unknown field `replica` in `spec.serving` (did you mean `replicas`?)"],
    ]);
    // The whole key is underlined, not only its first character.
    expect(found.find((d) => d.code === "SLW031")).toMatchObject({ endLine: 23, endColumn: 12 });
  });

  it("lists the allowed fields when an unknown field is not close to any", () => {
    const found = schemaErrorsAfter(
      MODEL,
      "    canary:\n      percent: 10\n",
      "    canary:\n      percent: 10\n      zzz: 1\n",
    );
    expect(found.map(shape)).toEqual([
      [
        MODEL,
        34,
        7,
        "SLW031",
        "unknown field `zzz` in `spec.serving.canary` (allowed: percent, steps, interval, shadow, analysis)",
      ],
    ]);
  });

  it("points a missing required field at the key of the mapping that lacks it", () => {
    const found = schemaErrorsAfter(MODEL, "    name: fraud-detection\n    version", "    version");
    expect(found.map(shape)).toEqual([
      [MODEL, 10, 3, "SLW030", "`spec.registry` is missing the required field `name`"],
    ]);
  });

  it("reports a wrong type at the value, naming both types in words", () => {
    expect(schemaErrorsAfter(MODEL, "      min: 2\n", "      min: two\n").map(shape)).toEqual([
      [MODEL, 24, 12, "SLW032", "`spec.serving.replicas.min` must be a whole number, not text"],
    ]);
    expect(
      schemaErrorsAfter(MODEL, "    canary:\n      percent: 10\n", "    canary: [10]\n").map(shape),
    ).toEqual([[MODEL, 32, 13, "SLW032", "`spec.serving.canary` must be a mapping, not a list"]]);
  });

  it("suggests quoting when YAML turned a text field into a number", () => {
    const found = schemaErrorsAfter(MODEL, "serviceAccount: fraud-detection-reader", "serviceAccount: 1234");
    expect(found.map(shape)).toEqual([
      [
        MODEL,
        35,
        21,
        "SLW032",
        "`spec.serving.serviceAccount` must be text, not a whole number (quote the value to keep it text)",
      ],
    ]);
  });

  it("lists the allowed values of an enum and suggests the closest", () => {
    expect(schemaErrorsAfter(MODEL, "runtime: kserve", "runtime: kserv").map(shape)).toEqual([
      [
        MODEL,
        19,
        14,
        "SLW033",
        "`spec.serving.runtime` must be one of kserve, seldon, deployment (did you mean `kserve`?)",
      ],
    ]);
    const gate = "{ metric: recall, goal: maximize, min: 0.75 }";
    expect(schemaErrorsAfter(MODEL, gate, gate.replace("maximize", "maximise")).map(shape)).toEqual([
      [
        MODEL,
        41,
        33,
        "SLW033",
        "`spec.promotion.gates[1].goal` must be one of maximize, minimize (did you mean `maximize`?)",
      ],
    ]);
  });

  it("explains the DNS-1123 pattern in words", () => {
    expect(schemaErrorsAfter(MODEL, "namespace: ml-serving", "namespace: ML_Serving").map(shape)).toEqual([
      [
        MODEL,
        22,
        16,
        "SLW035",
        "`spec.serving.namespace` must be a DNS-1123 name: lowercase letters, digits and '-', starting and ending with a letter or digit",
      ],
    ]);
  });

  it("gives the quantity format for a bad quantity, not 'must be a number'", () => {
    expect(schemaErrorsAfter(MODEL, "memory: 2Gi\n", "memory: 2Gx\n").map(shape)).toEqual([
      [
        MODEL,
        28,
        15,
        "SLW035",
        "`spec.serving.resources.memory` must be a Kubernetes quantity such as 500m, 2, 4Gi or 512Mi",
      ],
    ]);
  });

  it("gives the numeric bound, in words, for a quantity written as a number", () => {
    expect(
      schemaErrorsAfter(
        MODEL,
        '      cpu: "1"\n      memory: 2Gi\n',
        "      cpu: 0\n      memory: 2Gi\n",
      ).map(shape),
    ).toEqual([[MODEL, 27, 12, "SLW034", "`spec.serving.resources.cpu` must be greater than 0"]]);
  });

  it("points a repeated list item at the second copy", () => {
    const found = schemaErrorsAfter(
      MODEL,
      "environments: [staging, production]",
      "environments: [staging, staging]",
    );
    expect(found.map(shape)).toEqual([
      [MODEL, 38, 29, "SLW036", "`spec.promotion.environments` lists the same item twice (items 1 and 2)"],
    ]);
  });

  it("names the minimum and maximum in words", () => {
    expect(schemaErrorsAfter(MODEL, "percent: 10", "percent: 101").map(shape)).toEqual([
      [MODEL, 33, 16, "SLW034", "`spec.serving.canary.percent` must be at most 100"],
    ]);
    expect(schemaErrorsAfter(MODEL, "      min: 2\n", "      min: -1\n").map(shape)).toEqual([
      [MODEL, 24, 12, "SLW034", "`spec.serving.replicas.min` must be at least 0"],
    ]);
  });

  it("counts list items for minItems", () => {
    expect(
      schemaErrorsAfter(MODEL, "environments: [staging, production]", "environments: []").map(shape),
    ).toEqual([[MODEL, 38, 19, "SLW036", "`spec.promotion.environments` must have at least 1 item(s)"]]);
  });

  it("describes a version that is neither a number nor a number in text by its text pattern", () => {
    expect(schemaErrorsAfter(MODEL, "version: 7", "version: seven").map(shape)).toEqual([
      [MODEL, 12, 14, "SLW035", "`spec.registry.version` must be a version number such as 7"],
    ]);
  });

  it("locates errors in a feature view's list items", () => {
    const view = "features/customer-stats.yaml";
    const found = schemaErrorsAfter(view, "      dtype: float64\n", "      dtype: floot64\n");
    expect(found.map(shape)).toEqual([
      [
        view,
        15,
        14,
        "SLW033",
        "`spec.features[1].dtype` must be one of int32, int64, float32, float64, string, bytes, bool, unix_timestamp, int32_list, int64_list, float32_list, float64_list, string_list, bytes_list, bool_list (did you mean `float64`?)",
      ],
    ]);
  });
  it("reports a bad key of a name-keyed map as a bad name, without a crash in later checks", () => {
    const stack = "platform/stack.yaml";
    expect(schemaErrorsAfter(stack, "  components:\n", "  components:\n    My_Comp: 0\n").map(shape)).toEqual(
      [[stack, 9, 5, "SLW035", "`My_Comp` is not a valid name in `spec.components`"]],
    );
    expect(schemaErrorsAfter(stack, "  components:\n", "  components:\n    '': 0\n").map(shape)).toEqual([
      [stack, 9, 5, "SLW035", '"" is not a valid name in `spec.components`'],
    ]);
    const label = '  name: ml-platform\n  labels:\n    "a\\nb": x\n';
    expect(schemaErrorsAfter(stack, "  name: ml-platform\n", label).map(shape)).toEqual([
      [stack, 8, 5, "SLW035", '"a\\nb" is not a valid name in `metadata.labels`'],
    ]);
  });
});
