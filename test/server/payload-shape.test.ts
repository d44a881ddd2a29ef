import { createRequire } from "node:module";
import { Probot } from "probot";
import { describe, expect, it } from "vitest";
import { commandRegistry } from "../../src/commands/builtin-commands.ts";
import { BlobCache } from "../../src/github/blob-cache.ts";
import { KeyedJobQueue } from "../../src/github/job-queue.ts";
import { slipwayApp } from "../../src/github/slipway-app.ts";
import { missingField, PAYLOAD_SHAPES } from "../../src/server/payload-shape.ts";

// The fields checked before a handler runs must hold in every real payload (or genuine deliveries would
// be refused), and a payload without them is named precisely.

interface Example {
  name: string;
  examples: Record<string, unknown>[];
}
const require = createRequire(import.meta.url);
const EXAMPLES = require("@octokit/webhooks-examples/api.github.com/index.json") as Example[];

describe("payload shapes", () => {
  for (const event of Object.keys(PAYLOAD_SHAPES))
    it(`every ${event} example GitHub documents passes`, () => {
      const examples = EXAMPLES.find((e) => e.name === event)?.examples ?? [];
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        // Some examples are a repository webhook's; a GitHub App's deliveries always name the installation.
        const payload = { installation: { id: 1 }, ...example };
        expect(missingField(event, payload), `${event}.${String(example.action)}`).toBeNull();
      }
    });

  it("names the first missing field with its type", () => {
    const payload = EXAMPLES.find((e) => e.name === "pull_request")?.examples.find(
      (p) => p.action === "opened",
    );
    const hollow = structuredClone({ installation: { id: 1 }, ...payload }) as unknown as {
      pull_request: { head: Record<string, unknown> };
    };
    delete hollow.pull_request.head.sha;
    expect(missingField("pull_request", hollow)).toBe("pull_request.head.sha (a string)");
    expect(missingField("push", { ref: "refs/heads/main" })).toBe("repository.name (a string)");
    expect(missingField("issue_comment", [])).toBe("the payload (a JSON object)");
  });

  it("lets a deleted fork's head through (head.repo is null)", () => {
    const payload = EXAMPLES.find((e) => e.name === "pull_request")?.examples.find(
      (p) => p.action === "opened",
    );
    const fromDeletedFork = structuredClone({ installation: { id: 1 }, ...payload }) as unknown as {
      pull_request: { head: Record<string, unknown> };
    };
    fromDeletedFork.pull_request.head.repo = null;
    expect(missingField("pull_request", fromDeletedFork)).toBeNull();
  });

  it("does not check events and actions no handler takes", () => {
    expect(missingField("pull_request", { action: "labeled" })).toBeNull();
    expect(missingField("ping", { zen: "x" })).toBeNull();
  });

  it("has a shape for every event the app subscribes to", async () => {
    const subscribed: string[] = [];
    const probot = new Probot({ appId: 1, privateKey: "unused", githubToken: "unused" });
    const on = probot.on.bind(probot);
    probot.on = ((names: string | string[], handler: never) => {
      subscribed.push(...(Array.isArray(names) ? names : [names]));
      return on(names as never, handler);
    }) as Probot["on"];
    await probot.load(
      slipwayApp({
        appId: 1,
        serverConfig: null,
        queue: new KeyedJobQueue({ log: { error: () => undefined } }),
        cache: new BlobCache(),
        registry: commandRegistry(),
        sweepIntervalMs: 0,
      }),
      { addHandler: () => undefined, cwd: process.cwd() },
    );
    // The deploy and reconcile handlers (wired only with a deploy setup) take pull_request.closed and push.
    subscribed.push("pull_request.closed", "push");
    for (const name of subscribed) {
      const [event = "", action] = name.split(".");
      const shape = PAYLOAD_SHAPES[event];
      expect(shape, name).toBeDefined();
      if (action) expect(shape?.actions ?? [action], name).toContain(action);
    }
  });
});
