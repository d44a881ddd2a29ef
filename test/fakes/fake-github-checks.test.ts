import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "./fake-github.ts";
import { installationOctokit, statusOf } from "./github-client.ts";
import { seedPlatform } from "./seed-platform.ts";

let fake: FakeGitHub;
let headSha: string;

beforeEach(async () => {
  fake = await startFakeGitHub();
  headSha = seedPlatform(fake).pull.headSha;
});

afterEach(async () => {
  await fake.close();
});

const annotations = (n: number, from = 1) =>
  Array.from({ length: n }, (_, i) => ({
    path: "platform/models/churn.yaml",
    start_line: from + i,
    end_line: from + i,
    annotation_level: "failure" as const,
    message: `problem ${from + i}`,
  }));

const repo = { owner: "acme", repo: "platform" };

describe("check runs", () => {
  it("accepts 50 annotations in one request and rejects 51 with GitHub's message", async () => {
    const octokit = installationOctokit(fake);
    const output = { title: "t", summary: "s" };
    const { data } = await octokit.rest.checks.create({
      ...repo,
      name: "slipway/validate",
      head_sha: headSha,
      output: { ...output, annotations: annotations(50) },
    });
    expect(data.output.annotations_count).toBe(50);
    const failure = await statusOf(
      octokit.rest.checks.create({
        ...repo,
        name: "slipway/validate",
        head_sha: headSha,
        output: { ...output, annotations: annotations(51) },
      }),
    );
    expect(failure).toMatchObject({
      status: 422,
      message: "Invalid request.\n\nNo more than 50 items are allowed; 51 were supplied.",
    });
    expect(fake.checkRuns("acme", "platform")).toHaveLength(1);
  });

  it("appends each update's annotations to the run's, as GitHub does", async () => {
    const octokit = installationOctokit(fake);
    const { data: run } = await octokit.rest.checks.create({
      ...repo,
      name: "slipway/validate",
      head_sha: headSha,
      status: "in_progress",
      output: { title: "Validating", summary: "1/3", annotations: annotations(50, 1) },
    });
    await octokit.rest.checks.update({
      ...repo,
      check_run_id: run.id,
      output: { title: "Validating", summary: "2/3", annotations: annotations(50, 51) },
    });
    const { data: done } = await octokit.rest.checks.update({
      ...repo,
      check_run_id: run.id,
      conclusion: "failure",
      output: { title: "3 problems", summary: "done", annotations: annotations(5, 101) },
    });
    expect(done).toMatchObject({
      status: "completed",
      conclusion: "failure",
      output: { annotations_count: 105 },
    });
    const [stored] = fake.checkRuns("acme", "platform", headSha);
    expect(stored?.annotations.map((a) => a.start_line)).toEqual(
      Array.from({ length: 105 }, (_, i) => i + 1),
    );
    expect(stored?.output.summary).toBe("done");
    const listed = await octokit.paginate(octokit.rest.checks.listAnnotations, {
      ...repo,
      check_run_id: run.id,
    });
    expect(listed).toHaveLength(105);
  });

  it("enforces the output contract: title and summary, 65,535 characters, valid statuses and conclusions", async () => {
    const octokit = installationOctokit(fake);
    const base = { ...repo, name: "slipway/validate", head_sha: headSha };
    const noTitle = await statusOf(
      octokit.request("POST /repos/acme/platform/check-runs", { ...base, output: { summary: "s" } }),
    );
    expect(noTitle).toMatchObject({ status: 422, message: `Invalid request.\n\n"title" wasn't supplied.` });
    const long = await statusOf(
      octokit.rest.checks.create({ ...base, output: { title: "t", summary: "x".repeat(65536) } }),
    );
    expect(long).toMatchObject({
      status: 422,
      message: "Invalid request.\n\nOnly 65535 characters are allowed; 65536 were supplied.",
    });
    const wide = await statusOf(
      octokit.rest.checks.create({ ...base, output: { title: "t", summary: "é".repeat(40000) } }),
    );
    expect(wide).toMatchObject({ status: 422, message: "Validation Failed" });
    const fits = await octokit.rest.checks.create({
      ...base,
      output: { title: "t", summary: "x".repeat(65535) },
    });
    expect(fits.status).toBe(201);
    const badConclusion = await statusOf(
      octokit.request("POST /repos/acme/platform/check-runs", { ...base, conclusion: "passed" }),
    );
    expect(badConclusion.status).toBe(422);
    const noConclusion = await statusOf(octokit.rest.checks.create({ ...base, status: "completed" }));
    expect(noConclusion).toMatchObject({
      status: 422,
      message: `Invalid request.\n\n"conclusion" wasn't supplied.`,
    });
    const badLevel = await statusOf(
      octokit.request("POST /repos/acme/platform/check-runs", {
        ...base,
        output: {
          title: "t",
          summary: "s",
          annotations: [{ ...annotations(1)[0], annotation_level: "error" }],
        },
      }),
    );
    expect(badLevel.status).toBe(422);
    const noPath = await statusOf(
      octokit.request("POST /repos/acme/platform/check-runs", {
        ...base,
        output: { title: "t", summary: "s", annotations: [{ start_line: 1, end_line: 1, message: "m" }] },
      }),
    );
    expect(noPath.message).toBe(`Invalid request.\n\n"path", "annotation_level" weren't supplied.`);
    const unknownSha = await statusOf(octokit.rest.checks.create({ ...base, head_sha: "0".repeat(40) }));
    expect(unknownSha).toMatchObject({ status: 422, message: `No commit found for SHA: ${"0".repeat(40)}` });
    expect(fake.checkRuns("acme", "platform")).toHaveLength(1);
  });

  it("belongs to the creating app and lists per ref, filtered by name and app, latest per name", async () => {
    const octokit = installationOctokit(fake);
    const first = await octokit.rest.checks.create({ ...repo, name: "slipway/validate", head_sha: headSha });
    expect(first.data.app).toMatchObject({ id: fake.appId, slug: "slipway" });
    const second = await octokit.rest.checks.create({
      ...repo,
      name: "slipway/validate",
      head_sha: headSha,
      conclusion: "success",
      output: { title: "ok", summary: "no platform changes" },
    });
    await octokit.rest.checks.create({ ...repo, name: "other", head_sha: headSha });
    const { data } = await octokit.rest.checks.listForRef({
      ...repo,
      ref: headSha,
      check_name: "slipway/validate",
      app_id: fake.appId,
    });
    expect(data.total_count).toBe(1);
    expect(data.check_runs.map((r) => r.id)).toEqual([second.data.id]);
    const all = await octokit.rest.checks.listForRef({ ...repo, ref: headSha, filter: "all" });
    expect(all.data.total_count).toBe(3);
    const otherApp = await octokit.rest.checks.listForRef({ ...repo, ref: headSha, app_id: fake.appId + 1 });
    expect(otherApp.data.total_count).toBe(0);
    const { data: got } = await octokit.rest.checks.get({ ...repo, check_run_id: second.data.id });
    expect(got).toMatchObject({
      conclusion: "success",
      head_sha: headSha,
      output: { summary: "no platform changes" },
    });
  });
});
