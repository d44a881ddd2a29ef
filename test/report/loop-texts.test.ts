import { describe, expect, it } from "vitest";
import type { ModelEvidence } from "../../src/experiments/evidence.ts";
import type { TriggerDecision, TriggerReason } from "../../src/plan/retrain-trigger.ts";
import { type CandidatePullInput, candidateBranch, candidatePull } from "../../src/report/candidate-pull.ts";
import {
  candidateDeclined,
  candidateMerged,
  candidateProposed,
  retrainFailed,
  retrainWithoutVersion,
  triggerAbandoned,
  triggerRefused,
  triggerSkipped,
} from "../../src/report/retrain-notes.ts";
import { registryDriftClosed, registryDriftIssue } from "../../src/workflows/loop/registry-drift-issue.ts";
import { seedComparison } from "../experiments/seed-scenario.ts";
import { expectGolden } from "../helpers/golden.ts";

const RUN = "9c1f0a7b2d3e4f5061728394a5b6c7d8";
const KFP_RUN =
  "https://kubeflow.acme.internal/_/pipeline/#/runs/details/4f0c2a9e-6d1b-4c3e-9a57-0e8d7b6c5a41";

function evaluated(comparison = seedComparison()): ModelEvidence {
  return {
    status: "evaluated",
    model: "fraud-detection",
    at: { file: "models/fraud-detection.yaml", line: 12, endLine: 12 },
    version: {
      model: "fraud-detection",
      version: "8",
      status: "READY",
      statusMessage: null,
      runId: RUN,
      loggedModel: null,
      artifactUri: `mlflow-artifacts:/1/${RUN}/artifacts/model`,
    },
    findings: [],
    comparison,
    baselineVersion: "6",
  };
}

const monitorOrigin: CandidatePullInput["origin"] = {
  kind: "monitor",
  monitor: "fraud-detection-drift",
  environment: "production",
  runAt: "2026-12-07T06:00:00.000Z",
  conditions: ["drift", "classification"],
  columns: ["avg_amount_30d", "fraud_rate_90d", "a `tricky`\nname"],
  report:
    "s3://acme-datalake/slipway-reports/acme/ml-platform/production/fraud-detection-drift/20261207T060000Z.html",
  metrics: [
    { metric: "recall", reference: 0.7712, current: 0.7031, bound: "≥ 0.75" },
    { metric: "f1", reference: 0.8101, current: null, bound: "≥ 0.8 | <b>" },
  ],
  problems: [],
  issue: 41,
};

function input(overrides: Partial<CandidatePullInput> = {}): CandidatePullInput {
  return {
    model: "fraud-detection",
    registeredModel: "fraud-detection",
    file: "models/fraud-detection.yaml",
    version: "8",
    previousVersion: "7",
    runId: RUN,
    experiment: "fraud-detection-v2",
    experimentId: "1",
    found: "plugin",
    origin: monitorOrigin,
    kfp: { pipeline: "fraud-detection-retrain", runUrl: KFP_RUN },
    gates: evaluated(),
    replaces: null,
    trackingUrl: "https://mlflow.acme.internal",
    ...overrides,
  };
}

const render = (pull: { title: string; body: string; message: string }) =>
  `# ${pull.title}\n\n${pull.body}\n\n---\n${pull.message}\n`;

// The texts the drift-to-candidate loop writes (issue #19) are templated: goldens keep them deliberate.
describe("the loop's texts (golden)", () => {
  it("a candidate pull request from a monitor's drift, its gates passing", () => {
    expect(candidateBranch("fraud-detection", "8")).toBe("slipway/retrain/fraud-detection-v8");
    expectGolden("loop/candidate-monitor.md", render(candidatePull(input())));
  });

  it("a candidate that fails its gates, found in the Pipeline's experiment, updating an open pull request", () => {
    const worse = seedComparison({
      metrics: { precision: 0.8702, recall: 0.7655, f1: 0.8145, roc_auc: 0.9401 },
    });
    const gates = evaluated(worse);
    if (gates.status === "evaluated")
      gates.findings.push({
        severity: "error",
        code: "signature-missing-inputs",
        message: "the model's signature lacks `fraud_rate_90d`, which the feature service serves",
      });
    const origin = {
      ...monitorOrigin,
      conditions: ["quality"],
      columns: [],
      metrics: [],
      problems: ["column `amount`: 12% of values are null (at most 1% allowed)", "a\nsecond `error`"],
    };
    const pull = candidatePull(input({ version: "9", found: "experiment", gates, replaces: "8", origin }));
    expectGolden("loop/candidate-failing-update.md", render(pull));
  });

  it("a candidate asked for with /slipway retrain, and one only MLflow's webhook told, gates not evaluated", () => {
    const command = candidatePull(
      input({ origin: { kind: "command", login: "jdoe", issue: 12 }, found: "plugin" }),
    );
    const registry = candidatePull(
      input({
        origin: { kind: "registry" },
        found: "webhook",
        kfp: null,
        gates: { unavailable: "MLflow answered 503 Service Unavailable; the review tries again" },
      }),
    );
    expectGolden("loop/candidate-command-and-registry.md", `${render(command)}\n${render(registry)}`);
  });

  it("the notes on the monitor issue", () => {
    const reason: TriggerReason = {
      monitor: "fraud-detection-drift",
      environment: "production",
      runAt: "2026-12-07T06:00:00.000Z",
      conditions: ["drift", "quality"],
      columns: ["avg_amount_30d"],
      report: null,
      metrics: [],
      problems: ["column `amount`: 12% of values are null (at most 1% allowed)"],
    };
    const skip = (why: "cooldown" | "running"): Extract<TriggerDecision, { action: "skip" }> => ({
      pipeline: "fraud-detection-retrain",
      action: "skip",
      why,
      blocking: "drift:production/fraud-detection-drift@2026-12-06T06:00:00.000Z:fraud-detection-retrain",
      until: why === "cooldown" ? "2026-12-07T06:05:00.000Z" : null,
      reason,
    });
    const blocking = {
      requestedAt: "2026-12-06T06:05:00.000Z",
      trigger: { runAt: "2026-12-06T06:00:00.000Z" },
    };
    const notes = [
      triggerSkipped(skip("cooldown"), blocking, KFP_RUN),
      triggerSkipped(skip("running"), blocking, null),
      triggerRefused(
        "fraud-detection-retrain",
        reason,
        "Kubeflow Pipelines answered 503 `upstream` down",
        "an hour",
      ),
      triggerRefused("fraud-detection-retrain", reason, "the package of `fraud-detection-retrain` is gone."),
      triggerAbandoned(
        "fraud-detection-retrain",
        reason,
        "Kubeflow Pipelines answered 503 `upstream` down",
        true,
      ),
      triggerAbandoned(
        "fraud-detection-retrain",
        reason,
        "the default branch declares no Pipeline `fraud-detection-retrain`",
        false,
      ),
      retrainFailed({
        pipeline: "fraud-detection-retrain",
        state: "FAILED",
        url: KFP_RUN,
        failedTask: { name: "train-model", message: "OOMKilled: the trainer ran out of memory" },
      }),
      retrainFailed({ pipeline: "fraud-detection-retrain", state: "CANCELED", url: null }),
      retrainWithoutVersion(
        "fraud-detection-retrain",
        KFP_RUN,
        "the newest version it registered, 7, is not newer than version 7 that git declares",
      ),
      candidateProposed("fraud-detection", "8", 57, "opened"),
      candidateProposed("fraud-detection", "9", 57, "updated"),
      candidateMerged("fraud-detection", "9", 57, "carol"),
      candidateDeclined("fraud-detection", "9", 57, "fraud-detection-retrain"),
    ];
    expectGolden("loop/monitor-notes.md", `${notes.join("\n\n")}\n`);
  });

  it("the registry-drift issue: self-heal off, healing, healed, failed, and back in sync", () => {
    const commit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904";
    const drift = [
      {
        model: "fraud-detection",
        registeredModel: "fraud-detection",
        alias: "champion",
        version: "7",
        live: "6",
      },
      { model: "churn", registeredModel: "churn-classifier", alias: "prod", version: "3", live: null },
    ];
    const issues = [
      registryDriftIssue("production", commit, drift, "off"),
      registryDriftIssue("production", commit, drift, "healing"),
      registryDriftIssue("production", commit, drift, "healed"),
      registryDriftIssue("production", commit, drift, { failed: "MLflow answered 403 PERMISSION_DENIED" }),
      registryDriftClosed("production", commit),
    ];
    expect(issues.map((i) => [i.title, i.open])).toEqual([
      ["Registry drift in production", true],
      ["Registry drift in production", true],
      ["Registry drift in production", false],
      ["Registry drift in production", true],
      ["Registry drift in production", false],
    ]);
    expectGolden(
      "loop/registry-drift-issue.md",
      `${issues.map((i) => `## ${i.open ? "open" : "closed"}\n\n${i.body}${i.closingNote ? `\n\n> closing note: ${i.closingNote}` : ""}`).join("\n\n")}\n`,
    );
  });
});
