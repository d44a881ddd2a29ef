import { beforeEach, describe, expect, it } from "vitest";
import type { ReviewTarget } from "../../src/workflows/review-ports.ts";
import { reviewPullRequest } from "../../src/workflows/review-pull-request.ts";
import { MemoryReviewPorts } from "../helpers/memory-review-ports.ts";
import { templateFiles } from "../helpers/template.ts";

const HEAD = "a".repeat(40);
const target: ReviewTarget = {
  owner: "acme",
  repo: "ml-platform",
  number: 7,
  headSha: HEAD,
  defaultBranch: "main",
  fork: false,
};

describe("reviewPullRequest", () => {
  let ports: MemoryReviewPorts;
  let files: Record<string, string>;
  beforeEach(async () => {
    files = await templateFiles();
    ports = new MemoryReviewPorts();
    ports.heads.set(HEAD, files);
    ports.heads.set("main", files);
    ports.currentHead = HEAD;
    ports.defaultConfig = files[".slipway.yml"] ?? null;
    ports.changed = ["models/fraud-detection.yaml"];
  });

  it("posts a successful check and creates the sticky comment for a valid head", async () => {
    const outcome = await reviewPullRequest(target, ports);
    expect(outcome).toEqual({
      kind: "reviewed",
      conclusion: "success",
      gates: "success",
      comment: "created",
    });
    expect(ports.checks).toHaveLength(2);
    expect(ports.checks[0]).toMatchObject({ headSha: HEAD, name: "slipway/validate", status: "completed" });
    // The file is touched but the model's value equals the default branch's: no gate to judge.
    expect(ports.checks[1]).toMatchObject({ headSha: HEAD, name: "slipway/gates", status: "completed" });
    expect(ports.checks[1]?.output?.title).toBe("No model changes");
    expect(ports.comment?.body).toContain("<!-- slipway:sticky -->");
    expect(ports.comment?.body).toContain("✅ valid: 0 errors");
  });

  it("does nothing for a head that already has a completed check, unless forced", async () => {
    await reviewPullRequest(target, ports);
    expect(await reviewPullRequest(target, ports)).toEqual({ kind: "skipped", reason: "already-reviewed" });
    expect(ports.checks).toHaveLength(2);
    const forced = await reviewPullRequest(target, ports, { force: true });
    expect(forced).toEqual({
      kind: "reviewed",
      conclusion: "success",
      gates: "success",
      comment: "unchanged",
    });
    expect(ports.checks).toHaveLength(4);
  });

  it("fails the check with annotations when the head is invalid", async () => {
    ports.heads.set(HEAD, {
      ...files,
      "models/fraud-detection.yaml": (files["models/fraud-detection.yaml"] ?? "").replace(
        "min: 2",
        "min: 20",
      ),
    });
    const outcome = await reviewPullRequest(target, ports);
    expect(outcome).toMatchObject({ kind: "reviewed", conclusion: "failure" });
    const output = ports.checks[0]?.output;
    expect(output?.title).toBe("1 error");
    expect(
      output?.annotations.map((a) => [a.path, a.start_line, a.annotation_level, a.title]),
    ).toContainEqual(["models/fraud-detection.yaml", 24, "failure", "SLW132"]);
  });

  it("holds the pull request to the default branch's policy, not the one it proposes", async () => {
    const relaxed = (files[".slipway.yml"] ?? "").replace("maxReplicas: 20", "maxReplicas: 200");
    const model = (files["models/fraud-detection.yaml"] ?? "").replace("max: 10", "max: 100");
    ports.heads.set(HEAD, { ...files, ".slipway.yml": relaxed, "models/fraud-detection.yaml": model });
    const outcome = await reviewPullRequest(target, ports);
    expect(outcome).toMatchObject({ kind: "reviewed", conclusion: "failure" });
    expect(ports.checks[0]?.output?.annotations.map((a) => a.title)).toContain("SLW163");
  });

  it("says so when no platform file changed, and passes", async () => {
    ports.changed = ["README.md"];
    const outcome = await reviewPullRequest(target, ports);
    expect(outcome).toMatchObject({ kind: "reviewed", conclusion: "success" });
    expect(ports.checks[0]?.output?.title).toBe("No platform changes");
    expect(ports.comment?.body).toContain("this pull request changes no platform files");
  });

  it("never writes the comment for a head the pull request has moved past", async () => {
    ports.currentHead = "b".repeat(40);
    const outcome = await reviewPullRequest(target, ports);
    expect(outcome).toMatchObject({ kind: "reviewed", comment: "stale" });
    expect(ports.comment).toBeNull();
  });

  it("completes the check as a failure with the retry command when GitHub fails", async () => {
    ports.failReadTree = Object.assign(new Error("upstream"), { status: 502 });
    const outcome = await reviewPullRequest(target, ports);
    expect(outcome).toEqual({ kind: "fault", message: "GitHub failed to answer (HTTP 502) after retries." });
    expect(ports.checks[0]).toMatchObject({
      status: "completed",
      failure: "GitHub failed to answer (HTTP 502) after retries.",
    });
  });

  it("adds a plan per environment: what merging would change against the default branch", async () => {
    const model = (files["models/fraud-detection.yaml"] ?? "").replace("max: 10", "max: 12");
    ports.heads.set(HEAD, { ...files, "models/fraud-detection.yaml": model });
    await reviewPullRequest(target, ports);
    const body = ports.comment?.body ?? "";
    expect(body).toContain("### Plan");
    expect(body).toContain("#### Plan for `staging`");
    expect(body).toContain("#### Plan for `production`");
    expect(body).toContain("Update InferenceService ml-serving/fraud-detection");
    expect(body).toContain("+ spec.predictor.maxReplicas: 12");
    expect(body).toContain("/slipway plan");
  });

  it("names the environments a change leaves alone instead of planning them", async () => {
    // Grafana is installed in production only: its values change nothing in staging.
    const stack = (files["platform/stack.yaml"] ?? "").replace("size: 10Gi", "size: 20Gi");
    ports.heads.set(HEAD, { ...files, "platform/stack.yaml": stack });
    ports.changed = ["platform/stack.yaml"];
    await reviewPullRequest(target, ports);
    const body = ports.comment?.body ?? "";
    expect(body).toContain("#### Plan for `production`");
    expect(body).not.toContain("#### Plan for `staging`");
    expect(body).toContain("No changes to `staging`.");
  });

  it("computes no plan from an invalid head", async () => {
    ports.heads.set(HEAD, {
      ...files,
      "models/fraud-detection.yaml": (files["models/fraud-detection.yaml"] ?? "").replace(
        "min: 2",
        "min: 20",
      ),
    });
    await reviewPullRequest(target, ports);
    expect(ports.comment?.body).toContain("Not computed: fix the validation errors first.");
  });
});
