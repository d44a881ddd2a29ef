import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { type RunningServer, startSlipwayServer, until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";

const OWNER = "acme";
const REPO = "ml-platform";

describe("end to end: the server reviews pull requests on a GitHub it talks to over HTTP", () => {
  let fake: FakeGitHub;
  let server: RunningServer;
  let files: Record<string, string>;

  beforeAll(async () => {
    files = await templateFiles();
    fake = await startFakeGitHub();
    fake.addRepo({ owner: OWNER, name: REPO, files });
    fake.setPermission(OWNER, REPO, "reader", "read");
    fake.setPermission(OWNER, REPO, "maintainer", "maintain");
    server = await startSlipwayServer(fake);
  });
  afterAll(async () => {
    expect(await server.stop()).toBe(0);
    expect(server.output()).not.toContain(fake.privateKeyPem.split("\n")[1]);
    await fake.close();
  });

  const validateRuns = (headSha?: string) =>
    fake.checkRuns(OWNER, REPO, headSha).filter((r) => r.name === "slipway/validate");
  const stickies = (n: number) =>
    fake.comments(OWNER, REPO, n).filter((c) => c.body.includes("<!-- slipway:sticky -->"));

  it("posts a completed check and one sticky comment when a pull request opens; a redelivery changes nothing", async () => {
    const pull = fake.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 1,
      user: "alice",
      files: {
        "models/fraud-detection.yaml": (files["models/fraud-detection.yaml"] ?? "").replace(
          "max: 10",
          "max: 12",
        ),
      },
    });
    const payload = fake.pullRequestEvent(OWNER, REPO, 1, "opened");
    const response = await fake.deliver(server.webhookUrl, "pull_request", payload, {
      deliveryId: "delivery-1",
    });
    expect(response.status).toBe(200);
    await until(
      () => validateRuns(pull.headSha).some((r) => r.status === "completed") && stickies(1).length === 1,
      "the review",
    );
    const [run] = validateRuns(pull.headSha);
    expect(run?.conclusion).toBe("success");
    const [comment] = stickies(1);
    expect(comment?.viaApp).toBe(true);
    expect(comment?.body).toContain("✅ valid: 0 errors");

    const before = fake.requests.length;
    await fake.deliver(server.webhookUrl, "pull_request", payload, { deliveryId: "delivery-1" });
    await until(() => fake.requests.length > before, "the redelivery to be looked at");
    await untilIdle(server);
    expect(validateRuns(pull.headSha)).toHaveLength(1);
    expect(stickies(1)).toHaveLength(1);
    expect(fake.requests.slice(before).map((r) => r.method)).not.toContain("POST");
  });

  it("annotates errors on their lines when a push breaks a manifest, editing the same comment", async () => {
    const broken = (files["models/fraud-detection.yaml"] ?? "").replace("min: 2", "min: 20");
    const headSha = fake.pushToPullRequest(OWNER, REPO, 1, { "models/fraud-detection.yaml": broken });
    await fake.deliver(
      server.webhookUrl,
      "pull_request",
      fake.pullRequestEvent(OWNER, REPO, 1, "synchronize"),
    );
    await until(
      () =>
        validateRuns(headSha).some((r) => r.status === "completed") &&
        (stickies(1)[0]?.body.includes(headSha) ?? false),
      "the second review",
    );
    const [run] = validateRuns(headSha);
    expect(run?.conclusion).toBe("failure");
    expect(run?.annotations.map((a) => [a.path, a.start_line, a.annotation_level, a.title])).toContainEqual([
      "models/fraud-detection.yaml",
      24,
      "failure",
      "SLW132",
    ]);
    expect(stickies(1)).toHaveLength(1);
    expect(stickies(1)[0]?.body).toContain("replicas.min (20) is above replicas.max (10)");
  });

  it("reviews a pull request from a fork (validation only)", async () => {
    const pull = fake.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 2,
      user: "outsider",
      fork: true,
      files: { "README.md": "changed\n" },
    });
    await fake.deliver(server.webhookUrl, "pull_request", fake.pullRequestEvent(OWNER, REPO, 2, "opened"));
    await until(() => validateRuns(pull.headSha).some((r) => r.status === "completed"), "the fork review");
    expect(validateRuns(pull.headSha)[0]?.conclusion).toBe("success");
    expect(validateRuns(pull.headSha)[0]?.output.title).toBe("No platform changes");
  });

  it("acknowledges commands with 👀, refuses a read-only user, and re-validates for a maintainer", async () => {
    const headSha = fake.pull(OWNER, REPO, 1).headSha;
    const denied = fake.addComment(OWNER, REPO, 1, { user: "reader", body: "/slipway validate" });
    await fake.deliver(server.webhookUrl, "issue_comment", fake.issueCommentEvent(OWNER, REPO, denied.id));
    await until(
      () => fake.comments(OWNER, REPO, 1).some((c) => c.body.includes("needs write access")),
      "the refusal",
    );
    expect(fake.comments(OWNER, REPO, 1).find((c) => c.body.includes("needs write access"))?.body).toBe(
      "@reader `/slipway validate` needs write access to this repository; you have read.",
    );
    expect(validateRuns(headSha)).toHaveLength(1);
    expect(fake.state.reactions.filter((r) => r.commentId === denied.id).map((r) => r.content)).toEqual([
      "eyes",
    ]);

    const accepted = fake.addComment(OWNER, REPO, 1, {
      user: "maintainer",
      body: "Looks odd.\n/slipway validate",
    });
    await fake.deliver(server.webhookUrl, "issue_comment", fake.issueCommentEvent(OWNER, REPO, accepted.id));
    await until(
      () => validateRuns(headSha).filter((r) => r.status === "completed").length === 2,
      "the forced review",
    );
    await untilIdle(server);
  });

  it("rejects forged and unsigned webhooks and changes nothing", async () => {
    const before = fake.requests.length;
    const payload = fake.pullRequestEvent(OWNER, REPO, 1, "synchronize");
    const forged = await fake.deliver(server.webhookUrl, "pull_request", payload, {
      signature: `sha256=${"0".repeat(64)}`,
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);
    const unsigned = await fake.deliver(server.webhookUrl, "pull_request", payload, { signature: null });
    expect(unsigned.status).toBeGreaterThanOrEqual(400);
    await untilIdle(server);
    expect(fake.requests.length).toBe(before);
  });

  it("made no request GitHub would not answer", () => {
    fake.assertNoUnexpected();
  });
});
