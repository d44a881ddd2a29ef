import { randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openGitMirror } from "../../src/repo/git-mirror.ts";
import { processesMentioning } from "../helpers/processes.ts";

// Issue #16 item 5: a `git fetch` that timed out was killed alone; its `git remote-http` helper was
// re-parented to PID 1 and kept the socket, and the token-bearing environment, for as long as the
// remote took to give up. Git now runs in its own process group, and a timeout ends the group.

describe("a git remote that never answers", () => {
  let state: string;
  let hanging: Server;
  let sockets: Socket[];
  let port: number;

  beforeEach(async () => {
    state = mkdtempSync(join(tmpdir(), "slipway-mirror-hang-"));
    sockets = [];
    hanging = createServer(() => {}); // accepts, reads the request, never answers
    hanging.on("connection", (socket: Socket) => sockets.push(socket));
    await new Promise<void>((resolve) => hanging.listen(0, "127.0.0.1", resolve));
    port = (hanging.address() as { port: number }).port;
  });

  afterEach(async () => {
    hanging.closeAllConnections();
    await new Promise((resolve) => hanging.close(resolve));
    rmSync(state, { recursive: true, force: true });
  });

  it("times out with no git process left: the helper holding the socket ends with git", async () => {
    const path = `/never-answers-${randomUUID()}/platform.git`;
    const url = `http://127.0.0.1:${port}${path}`;
    const mirror = await openGitMirror({
      url,
      dir: state,
      credentials: async () => "ghs_hangingTokenEEEEEEEEEEEEEEEEEEEEEE",
      commandTimeoutMs: 1500,
    });
    await expect(mirror.fetch("main")).rejects.toMatchObject({ kind: "timeout" });
    // The helper had opened the connection: the fault comes only once it is gone.
    expect(sockets.length).toBeGreaterThan(0);
    expect(processesMentioning(path)).toEqual([]);
    // And the remote sees every connection closed (the helper did not outlive git holding one).
    await Promise.all(
      sockets.map((s) => (s.destroyed ? undefined : new Promise((resolve) => s.once("close", resolve)))),
    );
    await mirror.close();
  });
});
