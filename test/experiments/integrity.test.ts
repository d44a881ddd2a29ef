import { describe, expect, it } from "vitest";
import { checkIntegrity, type IntegrityInput } from "../../src/experiments/integrity.ts";

const RUN = "3f2a9c41d8e04b6f9a7c2e51b0d4f813";
const OTHER = "0".repeat(32);

function input(overrides: Partial<IntegrityInput> = {}): IntegrityInput {
  return {
    declared: { runId: RUN, experiment: "fraud-detection-v2", experimentId: "12" },
    version: {
      model: "fraud-detection",
      version: "7",
      status: "READY",
      statusMessage: null,
      runId: RUN,
      loggedModel: null,
      artifactUri: "s3://models/12/run/artifacts/model",
    },
    run: { runId: RUN, experimentId: "12", status: "FINISHED", lifecycleStage: "active" },
    signature: {
      kind: "columns",
      inputs: [
        { name: "amount", required: true },
        { name: "customer_id", required: true },
      ],
    },
    served: { features: ["amount"], joinKeys: ["customer_id"] },
    ...overrides,
  };
}

const codes = (i: IntegrityInput) => checkIntegrity(i).map((f) => `${f.severity}:${f.code}`);

describe("checkIntegrity: evidence integrity of a registry version", () => {
  it("finds nothing when the version is READY, from the evidence run, and its signature is served", () => {
    expect(checkIntegrity(input())).toEqual([]);
  });

  it("fails a version that is not READY, with MLflow's status message", () => {
    const findings = checkIntegrity(
      input({ version: { ...input().version, status: "FAILED_REGISTRATION", statusMessage: "copy failed" } }),
    );
    expect(findings).toContainEqual({
      severity: "error",
      code: "version-not-ready",
      message: "version 7 of `fraud-detection` is FAILED_REGISTRATION, not READY (copy failed)",
    });
  });

  it("fails a version registered from another run than the evidence", () => {
    const findings = checkIntegrity(input({ version: { ...input().version, runId: OTHER } }));
    expect(findings.map((f) => f.message)).toContain(
      `version 7 of \`fraud-detection\` was registered from run ${OTHER}, not from the evidence run ${RUN}`,
    );
  });

  it("fails a run from another experiment, a deleted run and an unfinished run", () => {
    expect(
      codes(input({ run: { runId: RUN, experimentId: "3", status: "FINISHED", lifecycleStage: "active" } })),
    ).toEqual(["error:experiment-mismatch"]);
    expect(
      codes(
        input({ run: { runId: RUN, experimentId: "12", status: "FINISHED", lifecycleStage: "deleted" } }),
      ),
    ).toEqual(["error:run-not-finished"]);
    expect(
      codes(input({ run: { runId: RUN, experimentId: "12", status: "RUNNING", lifecycleStage: "active" } })),
    ).toEqual(["error:run-not-finished"]);
  });

  it("fails an MLflow 3 logged model that is not ready, and a version without artifacts or run", () => {
    const version = {
      ...input().version,
      loggedModel: { id: "m-1", status: "LOGGED_MODEL_PENDING" },
      artifactUri: null,
      runId: null,
    };
    expect(codes(input({ version }))).toEqual([
      "error:version-not-ready",
      "error:no-artifact",
      "error:no-run",
    ]);
  });

  it("warns when the manifest declares no evidence run", () => {
    expect(codes(input({ declared: null }))).toEqual(["warning:no-evidence"]);
  });

  it("fails a signature that requires inputs the features do not serve; warns on served features it ignores", () => {
    const findings = checkIntegrity(
      input({
        signature: {
          kind: "columns",
          inputs: [
            { name: "amount", required: true },
            { name: "velocity", required: true },
            { name: "hint", required: false },
          ],
        },
        served: { features: ["amount", "unused"], joinKeys: ["customer_id"] },
      }),
    );
    expect(findings).toEqual([
      {
        severity: "error",
        code: "signature-missing-inputs",
        message: "the model's signature requires `velocity`, which the consumed features do not provide",
      },
      {
        severity: "warning",
        code: "signature-unused-features",
        message: "consumed features `unused` are not inputs of the model's signature",
      },
    ]);
  });

  it("notes a signature it could not check, and skips it for a model without features", () => {
    expect(checkIntegrity(input({ signature: { kind: "unavailable", reason: "no history" } }))).toEqual([
      { severity: "note", code: "signature-unchecked", message: "signature not checked: no history" },
    ]);
    expect(checkIntegrity(input({ served: null, signature: { kind: "unavailable", reason: "x" } }))).toEqual(
      [],
    );
  });
});
