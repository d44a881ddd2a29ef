import { describe, expect, it } from "vitest";
import { artifactPathOf, signatureInputs } from "../../src/experiments/signature.ts";

const history = (entries: object[]) => JSON.stringify(entries);
const entry = (path: string, inputs: object[] | string) => ({
  run_id: "r",
  artifact_path: path,
  signature: { inputs: typeof inputs === "string" ? inputs : JSON.stringify(inputs), outputs: null },
});

describe("signatureInputs: MLflow's mlflow.log-model.history tag", () => {
  it("reads the column inputs of the model at the version's artifact path", () => {
    const tag = history([
      entry("model", [{ name: "a", type: "double" }]),
      entry("other", [{ name: "b", type: "long", required: false }]),
    ]);
    expect(signatureInputs(tag, "other")).toEqual({
      kind: "columns",
      inputs: [{ name: "b", required: false }],
    });
    expect(signatureInputs(tag, "model")).toEqual({
      kind: "columns",
      inputs: [{ name: "a", required: true }],
    });
  });

  it("takes the last entry for a path logged twice, and the only entry when the path is unknown", () => {
    const tag = history([entry("model", [{ name: "old" }]), entry("model", [{ name: "new" }])]);
    expect(signatureInputs(tag, "model")).toMatchObject({ inputs: [{ name: "new" }] });
    expect(signatureInputs(history([entry("m", [{ name: "x" }])]), null)).toMatchObject({
      inputs: [{ name: "x" }],
    });
  });

  it.each([
    [undefined, "model", "the run logged no model signature history"],
    ["{not json", "model", "the run's model history tag is not a JSON list"],
    [history([{ artifact_path: "model" }]), "model", "the logged model has no input signature"],
    [history([entry("model", "[[1]]")]), "model", "the signature is tensor-based or unnamed"],
    [
      history([entry("model", '[{"type":"tensor","tensor-spec":{"dtype":"float32","shape":[-1,4]}}]')]),
      "model",
      "tensor-based",
    ],
    [history([entry("a", []), entry("b", [])]), "c", 'the run logged no model at artifact path "c"'],
    [history([entry("a", []), entry("b", [])]), null, "the run logged several models"],
    ["x".repeat(1_000_001), "model", "too large"],
  ])("is unavailable, with a reason, for %#", (tag, path, reason) => {
    const result = signatureInputs(tag as string | undefined, path);
    expect(result.kind).toBe("unavailable");
    expect(result.kind === "unavailable" && result.reason).toContain(reason);
  });

  it("finds the artifact path of runs:/ sources and of resolved artifact locations", () => {
    expect(artifactPathOf("runs:/abc/model")).toBe("model");
    expect(artifactPathOf("runs:/abc/models/lgbm/")).toBe("models/lgbm");
    expect(artifactPathOf("mlflow-artifacts:/1/abc/artifacts/model")).toBe("model");
    expect(artifactPathOf("s3://bucket/1/abc/artifacts/clf")).toBe("clf");
    expect(artifactPathOf("models:/m-123")).toBeNull();
    expect(artifactPathOf(undefined)).toBeNull();
  });
});
