import { describe, expect, it } from "vitest";
import { signatureFromMlmodel } from "../../src/workflows/evidence/model-signature.ts";
import { mlmodelYaml } from "../fakes/mlflow/artifacts.ts";
import { SIGNATURE_INPUTS } from "./scenario.ts";

// Issue 15: the signature MLflow 3 writes only in the model's MLmodel, read from untrusted YAML.
describe("the signature in an MLmodel file", () => {
  it("reads the column inputs MLflow writes as a JSON string", () => {
    const text = mlmodelYaml({ runId: "r", modelId: "m-1", artifactPath: "x", inputs: SIGNATURE_INPUTS });
    expect(signatureFromMlmodel(text)).toEqual({
      kind: "columns",
      inputs: [
        { name: "transaction_count_7d", required: true },
        { name: "avg_amount_30d", required: true },
        { name: "fraud_rate_90d", required: true },
      ],
    });
  });

  it.each([
    ["not YAML", "signature: [unclosed", "the model's MLmodel file is not YAML"],
    ["a list", "- a\n- b\n", "the model's MLmodel file is not a YAML mapping"],
    ["no signature", "artifact_path: model\n", "the model's MLmodel file has no input signature"],
    [
      "a tensor signature",
      `signature:\n  inputs: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]'\n`,
      "the signature is tensor-based or unnamed, so its inputs cannot be matched to features",
    ],
    [
      "inputs that are not JSON",
      "signature:\n  inputs: 'not json'\n",
      "the logged model's input signature is not a JSON list",
    ],
  ])("gives a reason, never an exception, for %s", (_, text, reason) => {
    expect(signatureFromMlmodel(text)).toEqual({ kind: "unavailable", reason });
  });

  it("does not expand an alias bomb", () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n`;
    expect(signatureFromMlmodel(bomb)).toEqual({
      kind: "unavailable",
      reason: "the model's MLmodel file is not YAML",
    });
  });
});
