import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { type RunningServer, startSlipwayServer, until, untilIdle } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";

// Issue #16 item 4, through the real server: a command in hidden text runs nothing, and a read-only
// user's comments get at most the reply budget's answers (then one notice, then silence), while a
// maintainer's commands still run.

const OWNER = "acme";
const REPO = "ml-platform";

describe("end to end: what a comment can make Slipway do", () => {
  let fake: FakeGitHub;
  let server: RunningServer;

  beforeAll(async () => {
    fake = await startFakeGitHub();
    fake.addRepo({ owner: OWNER, name: REPO, files: await templateFiles() });
    fake.setPermission(OWNER, REPO, "reader", "read");
    fake.setPermission(OWNER, REPO, "maintainer", "maintain");
    fake.openPullRequest({ owner: OWNER, repo: REPO, number: 1, user: "alice", files: { "README.md": "x" } });
    server = await startSlipwayServer(fake);
  });
  afterAll(async () => {
    await server.stop();
    await fake.close();
  });

  const comment = async (user: string, body: string) => {
    const created = fake.addComment(OWNER, REPO, 1, { user, body });
    const response = await fake.deliver(
      server.webhookUrl,
      "issue_comment",
      fake.issueCommentEvent(OWNER, REPO, created.id),
    );
    expect(response.status).toBe(200);
    return created.id;
  };
  const reactionsOn = (ids: number[]) => fake.state.reactions.filter((r) => ids.includes(r.commentId));
  const repliesTo = (user: string) =>
    fake.comments(OWNER, REPO, 1).filter((c) => c.body.startsWith(`@${user} `));
  const validateRuns = () => fake.checkRuns(OWNER, REPO).filter((r) => r.name === "slipway/validate");

  it("runs nothing for a maintainer's command in an HTML comment, an indented block or a ~~~-closed fence", async () => {
    const ids = [
      await comment("maintainer", "LGTM <!--\n/slipway validate\n-->"),
      await comment("maintainer", "Try:\n\n    /slipway validate"),
      await comment("maintainer", "```\n~~~\n/slipway validate\n```"),
    ];
    await untilIdle(server);
    expect(reactionsOn(ids)).toEqual([]);
    expect(validateRuns()).toEqual([]);
    expect(repliesTo("maintainer")).toEqual([]);
  });

  it("answers a read-only user five times, then says so once, then stays silent", async () => {
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push(await comment("reader", "/slipway help"));
    for (let i = 0; i < 4; i++) ids.push(await comment("reader", "/slipway validate"));
    await until(() => repliesTo("reader").length >= 6, "the replies");
    await untilIdle(server);
    const replies = repliesTo("reader").map((c) => c.body);
    expect(replies).toHaveLength(6);
    expect(replies.filter((b) => b.includes("**Slipway commands**"))).toHaveLength(4);
    expect(replies[4]).toBe(
      "@reader `/slipway validate` needs write access to this repository; you have read.",
    );
    expect(replies[5]).toBe(
      "@reader you have reached Slipway's reply limit on this repository (5 answers, then one every 2 minutes); your comments here are not answered for the next 2 minutes.",
    );
    // The acknowledgement is part of the answer: comments past the budget get no 👀 either.
    expect(reactionsOn(ids).map((r) => r.commentId)).toEqual(ids.slice(0, 6));
    expect(validateRuns()).toEqual([]);

    // A maintainer is not held to the read-only user's budget.
    const accepted = await comment("maintainer", "/slipway validate");
    await until(() => validateRuns().some((r) => r.status === "completed"), "the maintainer's review");
    expect(reactionsOn([accepted])).toHaveLength(1);
  });
});
