import { afterEach, describe, expect, it } from "vitest";
import type { ReviewTarget } from "../../src/workflows/review-ports.ts";
import { reviewPullRequest } from "../../src/workflows/review-pull-request.ts";
import { expectGolden } from "../helpers/golden.ts";
import { MemoryReviewPorts } from "../helpers/memory-review-ports.ts";
import { templateFiles } from "../helpers/template.ts";
import { baseFiles, type LoggedInputs, type Scenario, startScenario } from "./scenario.ts";

const HEAD = "c".repeat(40);
const target: ReviewTarget = {
  owner: "acme",
  repo: "ml-platform",
  number: 15,
  headSha: HEAD,
  defaultBranch: "main",
  fork: false,
};
const POLICY = "  evidence:\n    requireEvaluationData: true\n  prune:\n";

// Issue 15 through the review workflow: the slipway/gates check and the sticky comment for a retrained
// fraud-detection candidate, read from a fake MLflow over HTTP.
describe("review: slipway/gates judges a retrained model on its evaluation data", () => {
  let scenario: Scenario | undefined;
  afterEach(() => scenario?.close());

  async function review(
    inputs: LoggedInputs,
    options: { basePolicy?: boolean; headPolicy?: boolean; mlflow3?: boolean } = {},
  ) {
    scenario = await startScenario({ inputs, ...(options.mlflow3 ? { mlflow3: {} } : {}) });
    const ports = new MemoryReviewPorts();
    const head = await templateFiles();
    const withPolicy = (config: string) => config.replace("  prune:\n", POLICY);
    const headConfig = head[".slipway.yml"] ?? "";
    ports.heads.set(HEAD, {
      ...head,
      ".slipway.yml": options.headPolicy ? withPolicy(headConfig) : headConfig,
    });
    ports.heads.set("main", await baseFiles());
    ports.currentHead = HEAD;
    ports.defaultConfig = options.basePolicy ? withPolicy(headConfig) : headConfig;
    ports.changed = ["models/fraud-detection.yaml"];
    ports.tracker = {
      tracker: scenario.tracker,
      trackingUrl: scenario.fake.url,
      modelFiles: scenario.modelFiles,
    };
    await reviewPullRequest(target, ports);
    const check = ports.checks.find((c) => c.name === "slipway/gates")?.output;
    return { check, comment: ports.comment?.body ?? "", scenario };
  }

  it("passes a retrained candidate evaluated on the same holdout, training data shown as lineage", async () => {
    const { check, comment } = await review("retrained");
    expect(check).toMatchObject({ conclusion: "success", title: "1 model passes the gates" });
    expect(comment).toContain(
      "Evaluation data: the same for both runs — `holdout-2026-q3` (digest `1e2f3a4b`, 50,000 rows).",
    );
    expect(comment).toContain("Training data: retrained on new data (expected)");
    expect(comment).not.toContain("comparability unverified");
  });

  it("passes without logged datasets, with the warning in the check title, the summary and the comment", async () => {
    const { check, comment, scenario: s } = await review("none");
    expect(check).toMatchObject({
      conclusion: "success",
      title: "1 model passes the gates (comparability unverified)",
    });
    const warning =
      '> ⚠️ **Comparability unverified.** Neither run recorded evaluation data, so roc_auc was judged on the numbers alone: the two runs may have been evaluated on different data. Record it in the training script: `mlflow.log_input(dataset, context="evaluation")`';
    expect(check?.summary).toContain(warning);
    expect(comment).toContain(warning);
    expect(comment).toContain("✅ **fraud-detection** — 4 of 4 gates pass · ⚠️ comparability unverified");
    const section = (check?.summary ?? "")
      .replaceAll(s.fake.url, "http://mlflow.test")
      .replace(new RegExp(`/${s.experimentId}/`, "g"), "/EXP/");
    expectGolden("review/gates-unverified.md", section);
  });

  it("fails under the default branch's policy.evidence.requireEvaluationData", async () => {
    const { check, comment } = await review("none", { basePolicy: true });
    expect(check).toMatchObject({ conclusion: "failure", title: "1 of 1 model fails the gates" });
    expect(check?.annotations[0]?.message).toContain(
      "roc_auc: not comparable: the policy requires recorded evaluation data (policy.evidence.requireEvaluationData)",
    );
    expect(comment).toContain("> ❌ **Evaluation data required.**");
  });

  it("ignores the policy a pull request adds until it is merged", async () => {
    const { check } = await review("none", { headPolicy: true });
    expect(check?.conclusion).toBe("success");
  });

  it("matches MLflow 3 metrics on the dataset they were logged with, and checks the MLmodel signature", async () => {
    const { check, comment } = await review("none", { mlflow3: true });
    expect(check).toMatchObject({ conclusion: "success", title: "1 model passes the gates" });
    expect(comment).toContain(
      "Matched per metric on the dataset MLflow recorded with it: `roc_auc` on `holdout-2026-q3` (digest `1e2f3a4b`).",
    );
    expect(comment).not.toContain("signature not checked");
    expect(comment).not.toContain("comparability unverified");
  });

  it("fails as not comparable when the candidate was evaluated on another holdout, naming both", async () => {
    const { check } = await review("other-holdout");
    expect(check?.conclusion).toBe("failure");
    expect(check?.annotations[0]?.message).toBe(
      "roc_auc: not comparable: the candidate was evaluated on holdout-2026-q4 (digest 77aa01bc) and production on holdout-2026-q3 (digest 1e2f3a4b)",
    );
  });
});
