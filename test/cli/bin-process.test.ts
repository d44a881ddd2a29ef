import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { TEMPLATE_DIR } from "../helpers/template.ts";

const BIN = new URL("../../bin/slipway.js", import.meta.url).pathname;

function slipway(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", timeout: 60_000 });
}

describe("the slipway executable", () => {
  it("runs as a process and sets its exit status from the result", () => {
    const ok = slipway("validate", TEMPLATE_DIR);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain("valid: 0 errors");
    const usage = slipway("frobnicate");
    expect(usage.status).toBe(2);
    expect(usage.stderr).toContain("unknown command 'frobnicate'");
    const help = slipway("--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("validate");
  });
});
