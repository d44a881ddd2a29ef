import { createRequire } from "node:module";
import { Probot, ProbotOctokit } from "probot";
import { describe, expect, it } from "vitest";
import { commandRegistry } from "../../src/commands/builtin-commands.ts";
import { BlobCache } from "../../src/github/blob-cache.ts";
import { KeyedJobQueue } from "../../src/github/job-queue.ts";
import { slipwayApp } from "../../src/github/slipway-app.ts";

interface Example {
  name: string;
  examples: Record<string, unknown>[];
}

// Real payloads, as GitHub sends them, from @octokit/webhooks-examples.
const require = createRequire(import.meta.url);
const EXAMPLES = require("@octokit/webhooks-examples/api.github.com/index.json") as Example[];

function examples(event: string, action?: string): Record<string, unknown>[] {
  const found = EXAMPLES.find((e) => e.name === event)?.examples ?? [];
  return action ? found.filter((p) => p.action === action) : found;
}

/** A Probot app whose queue records job keys instead of running them, and whose client refuses to call out. */
async function routed(
  event: string,
  payload: Record<string, unknown>,
): Promise<{ keys: string[]; calls: number }> {
  const keys: string[] = [];
  let calls = 0;
  const queue = new KeyedJobQueue({ log: { error: () => undefined } });
  queue.enqueue = (key) => {
    keys.push(key);
    return true;
  };
  const probot = new Probot({
    appId: 1,
    privateKey: "unused",
    githubToken: "unused",
    Octokit: ProbotOctokit.defaults({
      request: {
        fetch: async () => {
          calls++;
          throw new Error("no GitHub call may happen while a webhook is being acknowledged");
        },
      },
    }),
  });
  await probot.load(
    slipwayApp({
      appId: 1,
      serverConfig: null,
      queue,
      cache: new BlobCache(),
      registry: commandRegistry(),
      sweepIntervalMs: 0,
    }),
    { addHandler: () => undefined, cwd: process.cwd() },
  );
  await probot.receive({ id: "delivery", name: event as never, payload: payload as never });
  return { keys, calls };
}

describe("webhook routing with real GitHub payloads", () => {
  it("queues a review for every opened, synchronize, reopened and ready_for_review example of an open PR", async () => {
    for (const action of ["opened", "synchronize", "reopened", "ready_for_review"]) {
      for (const payload of examples("pull_request", action)) {
        const pr = payload.pull_request as { number: number; state: string };
        const repo = payload.repository as { full_name: string };
        const result = await routed("pull_request", payload);
        expect(result.calls).toBe(0);
        expect(result.keys).toEqual(pr.state === "open" ? [`${repo.full_name}#${pr.number}`] : []);
      }
    }
  });

  it("ignores the pull request actions that change no code (labeled, assigned, closed, …)", async () => {
    for (const action of ["labeled", "assigned", "closed", "review_requested", "locked"]) {
      for (const payload of examples("pull_request", action)) {
        expect((await routed("pull_request", payload)).keys, action).toEqual([]);
      }
    }
  });

  it("queues comment work only for `/slipway` comments on pull requests", async () => {
    for (const payload of examples("issue_comment", "created")) {
      const issue = payload.issue as { number: number; pull_request?: unknown };
      const comment = payload.comment as { body: string };
      const repo = payload.repository as { full_name: string };
      expect((await routed("issue_comment", payload)).keys).toEqual([]);
      if (!issue.pull_request) continue;
      const command = { ...payload, comment: { ...comment, body: "/slipway validate" } };
      const result = await routed("issue_comment", command);
      expect(result).toEqual({ keys: [`${repo.full_name}#${issue.number}`], calls: 0 });
    }
  });

  it("queues a re-run for a rerequested slipway/validate check run, and ignores other apps' checks", async () => {
    for (const payload of examples("check_run", "rerequested")) {
      const run = payload.check_run as { name: string; pull_requests: { number: number }[] };
      const repo = payload.repository as { full_name: string };
      expect((await routed("check_run", payload)).keys).toEqual([]);
      const ours = { ...payload, check_run: { ...run, name: "slipway/validate" } };
      expect((await routed("check_run", ours)).keys).toEqual(
        run.pull_requests.map((p) => `${repo.full_name}#${p.number}`),
      );
    }
  });
});
