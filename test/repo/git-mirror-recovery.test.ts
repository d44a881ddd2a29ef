import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openGitMirror } from "../../src/repo/git-mirror.ts";
import { recordingGit, recordingLog, SourceRepo } from "./git-fixture.ts";

describe("git mirror recovery and serialization", () => {
  let source: SourceRepo;
  let state: string;
  let tools: string;

  beforeEach(() => {
    source = new SourceRepo();
    state = mkdtempSync(join(tmpdir(), "slipway-mirror-state-"));
    tools = mkdtempSync(join(tmpdir(), "slipway-git-tools-"));
  });

  afterEach(() => {
    source.remove();
    rmSync(state, { recursive: true, force: true });
    rmSync(tools, { recursive: true, force: true });
  });

  for (const [what, damage, reason] of [
    [
      "a stale ref lock left by a killed fetch",
      (dir: string) => writeFileSync(join(dir, "refs", "remotes", "origin", "main.lock"), ""),
      "a stale lock file refs/remotes/origin/main.lock was left behind",
    ],
    [
      "objects overwritten with garbage",
      (dir: string) => {
        for (const entry of readdirSync(join(dir, "objects"), { recursive: true, withFileTypes: true }))
          if (entry.isFile()) writeFileSync(join(entry.parentPath, entry.name), "garbage");
      },
      // A partial mirror trusts its remote for objects it cannot read, so the pack headers are checked.
      "its pack file objects/pack/",
    ],
    [
      "a stale shallow.lock",
      (dir: string) => writeFileSync(join(dir, "shallow.lock"), ""),
      "a stale lock file shallow.lock was left behind",
    ],
    [
      "a missing object directory",
      (dir: string) => rmSync(join(dir, "objects"), { recursive: true }),
      "its objects is missing",
    ],
    [
      "a configuration naming another remote",
      (dir: string) => writeFileSync(join(dir, "config"), "[core]\n"),
      "its configuration does not name the expected remote",
    ],
  ] as const) {
    it(`clones again after ${what}, and says so in the log`, async () => {
      const first = source.commit({ "models/a.yaml": "a: 1\n" });
      const log = recordingLog();
      const mirror = await openGitMirror({ url: source.bare, dir: state, log });
      expect(await mirror.fetch("main")).toBe(first);
      damage(mirror.gitDir);
      const second = source.commit({ "models/a.yaml": "a: 2\n" });

      expect(await mirror.fetch("main")).toBe(second);
      expect(new TextDecoder().decode((await mirror.readTree(second)).files.get("models/a.yaml"))).toBe(
        "a: 2\n",
      );
      const warnings = log.lines.filter((l) => l.startsWith("WARN"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain("the repository mirror is damaged; cloning it again");
      expect(warnings[0]).toContain(reason);
      await mirror.close();
    });
  }

  it("runs concurrent calls on one repository one at a time, across mirror objects", async () => {
    const shas = [1, 2, 3].map((n) => source.commit({ [`models/m${n}.yaml`]: `n: ${n}\n` }));
    const recorder = recordingGit(tools);
    const one = await openGitMirror({ url: source.bare, dir: state, gitBinary: recorder.binary });
    const two = await openGitMirror({ url: source.bare, dir: state, gitBinary: recorder.binary });
    const results = await Promise.all([
      one.fetch("main"),
      two.fetch(shas[0] as string),
      one.fetch(shas[1] as string),
      two.headOf("main"),
      one.readTree(shas[2] as string),
    ]);
    expect(results.slice(0, 4)).toEqual([shas[2], shas[0], shas[1], shas[2]]);
    expect([...(results[4] as { files: Map<string, Uint8Array> }).files.keys()]).toEqual([
      "models/m1.yaml",
      "models/m2.yaml",
      "models/m3.yaml",
    ]);

    const lines = recorder.invocations();
    expect(lines.length).toBeGreaterThan(8);
    let running = 0;
    for (const line of lines) {
      running += line.startsWith("start ") ? 1 : -1;
      expect(running, lines.join("\n")).toBeLessThanOrEqual(1);
    }
    await Promise.all([one.close(), two.close()]);
  });

  it("gives up on a command that hangs, with a timeout fault", async () => {
    const { createServer } = await import("node:http");
    const hanging = createServer(() => {}); // accepts, never answers
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    const port = (hanging.address() as { port: number }).port;
    try {
      const mirror = await openGitMirror({
        url: `http://127.0.0.1:${port}/acme/platform.git`,
        dir: state,
        credentials: async () => "ghs_hangingTokenCCCCCCCCCCCCCCCCCCCCCC",
        commandTimeoutMs: 1500,
      });
      await expect(mirror.fetch("main")).rejects.toMatchObject({
        kind: "timeout",
        message: `fetching branch main from http://127.0.0.1:${port}/acme/platform.git: git did not finish within 1.5 s`,
      });
      await mirror.close();
    } finally {
      hanging.closeAllConnections();
      hanging.close();
    }
  });
});
