import { afterEach, describe, expect, it } from "vitest";
import { type FakeGitHub, hashObject, type RecordedRequest, startFakeGitHub } from "../fakes/fake-github.ts";
import { type RunningServer, startSlipwayServer, until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";

const OWNER = "acme";
const REPO = "ml-platform";
const FILE_READS = [
  "GET /repos/{owner}/{repo}/git/trees/{tree_sha}",
  "GET /repos/{owner}/{repo}/git/blobs/{file_sha}",
  "GET /repos/{owner}/{repo}/contents/{path}",
  "GET /repos/{owner}/{repo}/pulls/{pull_number}/files",
];

const isGit = (r: RecordedRequest) => r.path.includes(".git/");

/** Issue #20: reviews read through the repository's git mirror; the REST API only when git is unavailable. */
describe("end to end: reviews read through git", () => {
  let fake: FakeGitHub | undefined;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.stop();
    await fake?.close();
    server = undefined;
    fake = undefined;
  });

  async function setUp(env: NodeJS.ProcessEnv = {}) {
    const files = await templateFiles();
    const github = await startFakeGitHub();
    fake = github;
    github.addRepo({ owner: OWNER, name: REPO, files });
    server = await startSlipwayServer(github, env);
    return { fake: github, server, files };
  }

  async function reviewed(github: FakeGitHub, running: RunningServer, number: number): Promise<void> {
    const headSha = github.pull(OWNER, REPO, number).headSha;
    await github.deliver(
      running.webhookUrl,
      "pull_request",
      github.pullRequestEvent(OWNER, REPO, number, "opened"),
    );
    await until(
      () => github.checkRuns(OWNER, REPO, headSha).filter((r) => r.status === "completed").length === 2,
      "the review",
      60_000,
    );
    await untilIdle(running, 60_000);
  }

  it("reads a fork's head from the base repository (refs/pull/<n>/head), with no file read through the API", async () => {
    const { fake, server, files } = await setUp();
    const broken = (files["models/fraud-detection.yaml"] ?? "").replace("min: 2", "min: 20");
    fake.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 7,
      user: "outsider",
      fork: true,
      files: { "models/fraud-detection.yaml": broken },
    });
    await reviewed(fake, server, 7);

    const [run] = fake.checkRuns(OWNER, REPO, fake.pull(OWNER, REPO, 7).headSha);
    expect(run?.conclusion).toBe("failure"); // the head's broken manifest was read, and judged
    expect(run?.annotations.map((a) => a.path)).toContain("models/fraud-detection.yaml");
    for (const route of FILE_READS) expect(fake.requestsTo(route), route).toEqual([]);
    const git = fake.requests.filter(isGit);
    expect(git.length).toBeGreaterThan(0);
    // Only the base repository is fetched from, always with the installation token.
    expect(git.every((r) => r.path.startsWith(`/${OWNER}/${REPO}.git/`) && r.auth === "installation")).toBe(
      true,
    );
    expect(fake.comments(OWNER, REPO, 7).filter((c) => c.viaApp)).toHaveLength(1);
  }, 120_000);

  it("falls back to the REST API when git cannot run, with the same result and the same limits", async () => {
    const { fake, server, files } = await setUp({ PATH: "/nonexistent" });
    const broken = (files["models/fraud-detection.yaml"] ?? "").replace("min: 2", "min: 20");
    fake.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 8,
      files: { "models/fraud-detection.yaml": broken, "docs/notes.yaml": "not: a manifest\n" },
    });
    await reviewed(fake, server, 8);

    const [run] = fake.checkRuns(OWNER, REPO, fake.pull(OWNER, REPO, 8).headSha);
    expect(run?.conclusion).toBe("failure");
    expect(run?.annotations.map((a) => a.path)).toContain("models/fraud-detection.yaml");
    expect(fake.requests.filter(isGit)).toEqual([]);
    expect(fake.requestsTo("GET /repos/{owner}/{repo}/git/trees/{tree_sha}").length).toBeGreaterThan(0);
    // Only platform files are downloaded: never the YAML outside the manifest folders.
    const blobs = fake
      .requestsTo("GET /repos/{owner}/{repo}/git/blobs/{file_sha}")
      .map((r) => r.params.file_sha);
    expect(blobs.length).toBeGreaterThan(0);
    expect(blobs).not.toContain(hashObject("blob", Buffer.from("not: a manifest\n")));
    expect(server.output()).toContain("git cannot run here");
  }, 120_000);

  it("reviews a pull request adding 10,000 broken manifests in a bounded number of calls", async () => {
    const { fake, server } = await setUp();
    const added: Record<string, string> = {};
    for (let i = 0; i < 10_000; i++)
      added[`models/added-${i}.yaml`] =
        `apiVersion: slipway.dev/v1alpha1\nkind: Modle\nmetadata: { name: m-${i} }\n`;
    fake.openPullRequest({ owner: OWNER, repo: REPO, number: 9, files: added });
    const before = fake.requests.length;
    await reviewed(fake, server, 9);

    // The review's own calls (the server's background loops list installations on their own schedule).
    const rest = fake.requests.slice(before).filter((r) => !isGit(r) && r.path.startsWith("/repos/"));
    expect(rest.length).toBeLessThan(30);
    // 1,000 annotations at GitHub's 50 per update, the last one completing the run; one for the gates.
    expect(fake.requestsTo("PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}")).toHaveLength(21);
    const [run] = fake.checkRuns(OWNER, REPO, fake.pull(OWNER, REPO, 9).headSha);
    expect(run?.conclusion).toBe("failure");
    expect(run?.annotations).toHaveLength(1000);
    expect(run?.output.summary?.split("\n").at(-1)).toMatch(
      /^The first 1000 of \d+ findings are annotated on their lines, errors first, and \d+ more — run `slipway validate` locally to see them all\.$/,
    );
    fake.assertNoUnexpected();
  }, 600_000);
});
