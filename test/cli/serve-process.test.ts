import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";

const BIN = new URL("../../bin/slipway.js", import.meta.url).pathname;

describe("slipway serve", () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    child?.kill("SIGTERM");
  });

  it("listens, answers its health endpoints, and stops cleanly on SIGTERM", async () => {
    child = spawn(process.execPath, [BIN, "serve", "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
    const [line] = (await once(child.stdout as NodeJS.ReadableStream, "data")) as [Buffer];
    const port = Number(/listening on port (\d+)/.exec(line.toString())?.[1]);
    expect(port).toBeGreaterThan(0);
    for (const path of ["/healthz", "/readyz"]) {
      const res = await fetch(`http://127.0.0.1:${port}${path}`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: "ok" });
    }
    expect((await fetch(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
    child.kill("SIGTERM");
    const [code] = (await once(child, "exit")) as [number | null];
    expect(code).toBe(0);
    child = undefined;
  });
});
