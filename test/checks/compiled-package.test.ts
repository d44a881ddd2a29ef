import { describe, expect, it } from "vitest";
import {
  parameterTypeProblem,
  pipelineSpecBody,
  readCompiledPackage,
} from "../../src/manifests/compiled-package.ts";
import { RETRAIN_YAML } from "../pipelines/kfp-fixtures.ts";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("reading a compiled KFP pipeline", () => {
  it("reads the IR, the platform spec and the root's declared parameters with their types", () => {
    const read = readCompiledPackage("p.yaml", bytes(RETRAIN_YAML));
    if ("problem" in read) throw new Error(read.problem);
    expect(read.package.name).toBe("fraud-detection-retrain");
    expect([...read.package.parameters.values()]).toEqual([
      { name: "learning_rate", type: "NUMBER_DOUBLE", optional: true },
      { name: "num_leaves", type: "NUMBER_INTEGER", optional: true },
      { name: "register_model", type: "STRING", optional: false },
      { name: "training_window_days", type: "NUMBER_INTEGER", optional: true },
    ]);
    expect(Object.keys(pipelineSpecBody(read.package))).toEqual(["pipeline_spec", "platform_spec"]);
  });

  it("says plainly why a file is not a compiled pipeline, never throwing", () => {
    expect(readCompiledPackage("m.yaml", bytes("apiVersion: slipway.dev/v1alpha1\nkind: Model\n"))).toEqual({
      problem:
        "m.yaml: not a compiled KFP v2 pipeline (`pipelineInfo` and `root` are missing); compile it with kfp.compiler",
    });
    expect(readCompiledPackage("b.yaml", bytes("a: [1, 2"))).toMatchObject({
      problem: expect.stringMatching(/^b\.yaml:1:/),
    });
    expect(readCompiledPackage("z.yaml", new Uint8Array([0, 1, 2]))).toMatchObject({
      problem: expect.stringMatching(/binary/),
    });
    const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\n${Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${`*${i === 0 ? "a" : `l${i}`}, `.repeat(9)}*${i === 0 ? "a" : `l${i}`}]`).join("\n")}\n`;
    expect(readCompiledPackage("bomb.yaml", bytes(bomb))).toMatchObject({
      problem: expect.stringMatching(/aliases/),
    });
  });

  it("checks a value against a declared type as KFP's runtime parameters are typed", () => {
    expect(parameterTypeProblem("NUMBER_INTEGER", 63)).toBeNull();
    expect(parameterTypeProblem("NUMBER_INTEGER", 0.5)).toBe(
      "is not a whole number; the pipeline declares an integer",
    );
    expect(parameterTypeProblem("NUMBER_DOUBLE", "0.05")).toBe("is a string; the pipeline declares a number");
    expect(parameterTypeProblem("STRING", 7)).toBe("is a number; the pipeline declares a string");
    expect(parameterTypeProblem("BOOLEAN", true)).toBeNull();
  });
});
