import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { memoryPipelineRecords } from "../../src/state/pipeline-records-sqlite.ts";
import { candidateEnded } from "../../src/workflows/loop/candidate-ended.ts";
import { followRetrains } from "../../src/workflows/loop/follow-retrains.ts";
import { triggerRetrains } from "../../src/workflows/loop/trigger-retrains.ts";
import { versionCreated } from "../../src/workflows/loop/version-created.ts";
import { startPipelineRun } from "../../src/workflows/pipelines/start-run.ts";
import { addCandidate, CANDIDATE_RUN } from "../evidence/scenario.ts";
import { installationOctokit } from "../fakes/github-client.ts";
import { type LoopHarness, OWNER, REPO, startLoopHarness } from "./loop-harness.ts";

const MODEL_FILE = "models/fraud-detection.yaml";
const PIPELINE = "fraud-detection-retrain";
const HOUR = 3_600_000;

// Issue #19, item 2, at the workflow level over the fake servers: what a retrain's end becomes — one
// candidate pull request per model, a newer version on the open one's branch, a version proposed once,
// a stopped run or a run without a new version said on the monitor issue — and what /metrics counts.
describe("the loop's candidate pull requests", () => {
  let h: LoopHarness;
  beforeEach(async () => {
    h = await startLoopHarness();
  });
  afterEach(() => h.close());

  /** A drifting production run of the monitor `hoursFromNow` from now starts the retrain; its KFP run id. */
  async function drift(hoursFromNow = 0): Promise<string> {
    const runAt = new Date(h.now() + hoursFromNow * HOUR).toISOString();
    const [outcome] = await triggerRetrains(h.ports, await h.defaultBranch(), h.monitorRun(runAt), h.issue);
    if (outcome?.outcome !== "started") throw new Error(`not started: ${JSON.stringify(outcome)}`);
    return outcome.runId;
  }
  const follow = async () => followRetrains(h.ports, await h.defaultBranch());
  const candidates = () => h.github.state.pulls.filter((p) => p.headRef.startsWith("slipway/retrain/"));
  const modelAt = (sha: string) => h.github.readFile(OWNER, REPO, sha, MODEL_FILE) ?? "";
  const counted = async (series: string) => {
    const line = (await h.scrape()).split("\n").find((l) => l.startsWith(`${series} `));
    return line ? Number(line.slice(series.length + 1)) : 0;
  };

  it("commits a newer version to the open candidate's branch and rewrites its text: never two open", async () => {
    const first = await drift();
    const eight = addCandidate(h.mlflow, { version: 8 });
    h.kfp.setRunState(first, "SUCCEEDED");
    expect(await follow()).toMatchObject([{ pipeline: PIPELINE, state: "proposed" }]);
    const [opened] = candidates();
    expect(opened?.headRef).toBe("slipway/retrain/fraud-detection-v8");
    expect(opened?.user.login).toBe("slipway[bot]");
    expect(modelAt(opened?.headSha ?? "")).toContain("version: 8");
    expect(opened?.body).toContain(
      "found through the newest READY version whose run is in the Pipeline's experiment and started after the KFP run",
    );
    const firstHead = opened?.headSha ?? "";

    // The monitor drifts again a day later, past the cooldown: the second retrain registers version 9.
    const second = await drift(25);
    expect(second).not.toBe(first);
    const nine = addCandidate(h.mlflow, { version: 9 });
    h.kfp.setRunState(second, "SUCCEEDED");
    expect(await follow()).toMatchObject([{ state: "proposed", note: `updated #${opened?.number}` }]);

    const pulls = candidates();
    expect(pulls).toHaveLength(1);
    const updated = pulls[0];
    expect(updated?.number).toBe(opened?.number);
    expect(updated?.headRef).toBe("slipway/retrain/fraud-detection-v8");
    expect(updated?.title).toBe("Retrain fraud-detection: version 9 (dataset drift in production)");
    expect(updated?.body).toContain(
      "_Updated: this pull request proposed version 8 before; a newer retrain registered version 9._",
    );
    expect(updated?.body).toContain("in place of version 7 that the default branch declares");
    // One commit on top of the first, editing the same lines again.
    const { data: commit } = await installationOctokit(h.github).rest.git.getCommit({
      owner: OWNER,
      repo: REPO,
      commit_sha: updated?.headSha ?? "",
    });
    expect(commit.parents.map((p) => p.sha)).toEqual([firstHead]);
    const model = modelAt(updated?.headSha ?? "");
    expect(model).toContain("version: 9");
    expect(model).toContain(`runId: ${nine}`);
    expect(model).not.toContain(eight);
    expect(model).not.toContain(CANDIDATE_RUN);
    expect(h.comments().filter((c) => c.startsWith("✅"))).toEqual([
      `✅ The retrain registered \`fraud-detection\` version 8: candidate pull request #${opened?.number}, reviewed like any change. Nothing is deployed until a person merges it.`,
      `✅ The retrain registered \`fraud-detection\` version 9: it now updates candidate pull request #${opened?.number}, reviewed like any change. Nothing is deployed until a person merges it.`,
    ]);

    const labels = `{pipeline="${PIPELINE}",outcome=`;
    expect(await counted(`slipway_retrain_triggers_total${labels}"started"}`)).toBe(2);
    expect(await counted(`slipway_triggered_retrains_total${labels}"succeeded"}`)).toBe(2);
    expect(
      await counted('slipway_candidate_pull_requests_total{model="fraud-detection",action="opened"}'),
    ).toBe(1);
    expect(
      await counted('slipway_candidate_pull_requests_total{model="fraud-detection",action="updated"}'),
    ).toBe(1);
    // Followed once: later passes read nothing more.
    expect(await follow()).toEqual([]);
  });

  it("does not open again a version whose pull request a person closed, even with its record lost", async () => {
    const run = await drift();
    addCandidate(h.mlflow, { version: 8 });
    h.kfp.setRunState(run, "SUCCEEDED");
    await follow();
    const [opened] = candidates();
    await installationOctokit(h.github).rest.pulls.update({
      owner: OWNER,
      repo: REPO,
      pull_number: opened?.number ?? 0,
      state: "closed",
    });
    const event = { model: "fraud-detection", version: "8" };
    // The record says it was proposed…
    expect(await versionCreated(h.ports, await h.defaultBranch(), event)).toEqual({
      proposed: {
        action: "already",
        pull: opened?.number,
        note: `version 8 of \`fraud-detection\` was proposed already (#${opened?.number})`,
      },
    });
    // …and without the record (a new state database), GitHub's history of the branch says it.
    h.ports.records = memoryPipelineRecords();
    expect(await versionCreated(h.ports, await h.defaultBranch(), event)).toEqual({
      proposed: {
        action: "already",
        pull: opened?.number,
        note: `version 8 of \`fraud-detection\` was proposed in #${opened?.number} (closed); it is not opened again`,
      },
    });
    expect(candidates()).toHaveLength(1);
  });

  it("says a stopped retrain on the monitor issue, opens nothing, and counts it canceled", async () => {
    const run = await drift();
    addCandidate(h.mlflow, { version: 8 });
    h.kfp.setRunState(run, "CANCELED");
    expect(await follow()).toMatchObject([{ state: "reported", note: "the run ended CANCELED" }]);
    const note = h.comments().find((c) => c.startsWith("❌")) ?? "";
    expect(note).toMatch(
      new RegExp(
        `^❌ The retrain \`${PIPELINE}\` was stopped\\. No candidate pull request was opened; the run: \\S+/#/runs/details/${run}\\.`,
      ),
    );
    expect(candidates()).toEqual([]);
    expect(await counted(`slipway_triggered_retrains_total{pipeline="${PIPELINE}",outcome="canceled"}`)).toBe(
      1,
    );
  });

  it("waits for a version still registering, and proposes it once READY", async () => {
    const run = await drift();
    const trained = h.mlflow.fake.addRun({ experimentId: h.mlflow.experimentId }).info.run_id;
    const version = h.mlflow.fake.addModelVersion({
      name: "fraud-detection",
      version: 8,
      runId: trained,
      status: "PENDING_REGISTRATION",
    });
    h.kfp.setRunState(run, "SUCCEEDED");
    expect(await follow()).toMatchObject([{ state: "waiting" }]);
    expect(await follow()).toMatchObject([{ state: "waiting" }]);
    expect(candidates()).toEqual([]);
    expect(h.comments().filter((c) => c.startsWith("⚠️"))).toEqual([]);
    version.status = "READY";
    expect(await follow()).toMatchObject([{ state: "proposed" }]);
    expect(candidates().map((p) => p.headRef)).toEqual(["slipway/retrain/fraud-detection-v8"]);
  });

  it("says a succeeded retrain that registered nothing newer than git's, and opens nothing", async () => {
    const run = await drift();
    h.kfp.setRunState(run, "SUCCEEDED");
    const [outcome] = await follow();
    expect(outcome).toMatchObject({ state: "no-version" });
    const note = h.comments().find((c) => c.startsWith("⚠️")) ?? "";
    expect(note).toContain(`⚠️ The retrain \`${PIPELINE}\` succeeded (`);
    expect(note).toContain(`but no candidate pull request was opened: ${outcome?.note}.`);
    expect(candidates()).toEqual([]);
  });

  it("proposes the version a /slipway retrain run registered, saying who asked, on the command's thread", async () => {
    const thread = h.github.addIssue(OWNER, REPO, { title: "fraud-detection is slipping" }).number;
    const branch = await h.defaultBranch();
    const started = await startPipelineRun(h.ports, branch.snapshot, branch.tree, {
      pipeline: PIPELINE,
      key: `retrain:${OWNER}/${REPO}#501`,
      overrides: [],
      requestedBy: "jdoe",
      displayName: `${PIPELINE} · retrain by @jdoe (#${thread})`,
      issue: thread,
    });
    if (!("started" in started)) throw new Error(started.refused);
    // KFP's MLflow plugin reports its parent run; the training task registered version 8 under it.
    const parent = h.mlflow.fake.addRun({ experimentId: h.mlflow.experimentId }).info.run_id;
    h.kfp.linkMlflowRun(started.started.runId, {
      runId: parent,
      experimentId: h.mlflow.experimentId,
      runUrl: `${h.mlflow.fake.url}/#/experiments/${h.mlflow.experimentId}/runs/${parent}`,
    });
    const trained = addCandidate(h.mlflow, { version: 8 });
    h.mlflow.fake.state.runs.get(trained)?.data.tags.push({ key: "mlflow.parentRunId", value: parent });
    // A newer version from elsewhere in the experiment is not this run's: the plugin's report decides.
    addCandidate(h.mlflow, { version: 9 });
    h.kfp.setRunState(started.started.runId, "SUCCEEDED");

    expect(await follow()).toMatchObject([{ state: "proposed" }]);
    const [pull] = candidates();
    expect(pull?.headRef).toBe("slipway/retrain/fraud-detection-v8");
    expect(pull?.title).toBe("Retrain fraud-detection: version 8 (/slipway retrain by @jdoe)");
    expect(pull?.body).toContain(`- @jdoe asked for a retrain with \`/slipway retrain\` on #${thread}.`);
    expect(pull?.body).toContain("found through the MLflow run KFP's MLflow plugin reported");
    expect(modelAt(pull?.headSha ?? "")).toContain(`runId: ${trained}`);
    expect(h.github.comments(OWNER, REPO, thread).map((c) => c.body)).toEqual([
      `✅ The retrain registered \`fraud-detection\` version 8: candidate pull request #${pull?.number}, reviewed like any change. Nothing is deployed until a person merges it.`,
    ]);
    expect(h.comments()).toEqual([]);
    // Only runs a monitor started are counted as triggered retrains.
    expect(
      await counted(`slipway_triggered_retrains_total{pipeline="${PIPELINE}",outcome="succeeded"}`),
    ).toBe(0);
  });

  it("waits, saying so in the log each pass, while MLflow is down or not bound, and proposes once it can", async () => {
    const warned = () =>
      h.lines.filter((l) => l.startsWith("warn retrain follow-up: the next pass tries again")).length;
    const run = await drift();
    addCandidate(h.mlflow, { version: 8 });
    h.kfp.setRunState(run, "SUCCEEDED");
    h.mlflow.fake.failNext("*", 503, 1_000);
    expect(await follow()).toEqual([]);
    expect(warned()).toBe(1);
    h.mlflow.fake.clearFaults();
    expect(await follow()).toMatchObject([{ state: "proposed" }]);

    // A binding without the MLflow integration the repository names: the same, until it is bound.
    await h.close();
    h = await startLoopHarness({
      binding: (b) => {
        delete b.integrations?.mlflow;
      },
    });
    const other = await drift();
    h.kfp.setRunState(other, "SUCCEEDED");
    expect(await follow()).toMatchObject([{ state: "waiting" }]);
    expect(h.lines.filter((l) => l.startsWith("warn retrain follow-up"))).toEqual([
      expect.stringContaining("no `mlflow` integration"),
    ]);
    expect(candidates()).toEqual([]);
  });

  it("tells the monitor issue once that the candidate was merged, and that a later one was closed unmerged", async () => {
    const first = await drift();
    addCandidate(h.mlflow, { version: 8 });
    h.kfp.setRunState(first, "SUCCEEDED");
    await follow();
    const [eight] = candidates();
    const number = eight?.number ?? 0;
    h.github.mergePullRequest(OWNER, REPO, number);
    const merged = { number, merged: true, mergedBy: "carol" };
    expect(await candidateEnded(h.ports, merged)).toEqual({ issues: [h.issue] });
    // A redelivered webhook says nothing more; a pull request that is not a candidate says nothing.
    expect(await candidateEnded(h.ports, merged)).toEqual({ issues: [] });
    expect(await candidateEnded(h.ports, { number: 999, merged: false, mergedBy: null })).toEqual({
      issues: [],
    });
    expect(h.comments().filter((c) => c.startsWith("🚀"))).toEqual([
      `🚀 Candidate pull request #${number} (\`fraud-detection\` version 8) was merged by @carol: it deploys environment by environment, as any merge does. The monitor's next runs tell whether the retrained model holds up.`,
    ]);

    // The default branch runs 8 now: the next retrain's version 9 opens a new candidate, which a person closes.
    const second = await drift(25);
    addCandidate(h.mlflow, { version: 9 });
    h.kfp.setRunState(second, "SUCCEEDED");
    await follow();
    const nine = candidates().find((p) => p.state === "open");
    expect(nine?.headRef).toBe("slipway/retrain/fraud-detection-v9");
    expect(modelAt(nine?.headSha ?? "")).toContain("version: 9");
    expect(
      await candidateEnded(h.ports, { number: nine?.number ?? 0, merged: false, mergedBy: null }),
    ).toEqual({
      issues: [h.issue],
    });
    expect(h.comments().at(-1)).toBe(
      `🛑 Candidate pull request #${nine?.number} (\`fraud-detection\` version 9) was closed without merging: that version is not proposed again. The next drift of the monitor (after the trigger's cooldown) retrains, or \`/slipway retrain ${PIPELINE}\` does now.`,
    );
  });
});
