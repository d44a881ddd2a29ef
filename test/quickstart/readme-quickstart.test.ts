import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

// The README's quick start is a contract: every `$ npx slipway …` line in it runs here — the `slipway`
// bin npx runs, as a process — in a directory laid out like a fresh clone (its examples/ beside it), and
// prints what the README shows after it.
// A line `…` stands for any number of lines, and `…` inside a line for any text (hashes, counts).

const exec = promisify(execFile);
const BIN = new URL("../../bin/slipway.js", import.meta.url).pathname;

async function slipway(
  argv: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH, HOME: cwd, TZ: "UTC" };
  return exec(process.execPath, [BIN, ...argv], { cwd, env, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const EXAMPLES = new URL("../../examples/", import.meta.url).pathname;

interface Step {
  argv: string[];
  expected: string[];
}

function quickstartSteps(readme: string): Step[] {
  const start = readme.indexOf("<!-- quickstart");
  const end = readme.indexOf("<!-- /quickstart -->");
  if (start < 0 || end < start) throw new Error("README.md has no <!-- quickstart --> section");
  const blocks = [...readme.slice(start, end).matchAll(/```console\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
  const steps: Step[] = [];
  for (const block of blocks) {
    let current: Step | null = null;
    for (const line of block.replace(/\n$/, "").split("\n")) {
      if (line.startsWith("$ ")) {
        current = null;
        const command = line.slice(2).trim().split(/\s+/);
        if (command[0] === "npx" && command[1] === "slipway") {
          current = { argv: command.slice(2), expected: [] };
          steps.push(current);
        }
      } else current?.expected.push(line);
    }
  }
  return steps;
}

/** The expected lines as one pattern: `…` lines match any lines, `…` in a line any text. */
function matcher(expected: string[]): RegExp {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const parts = expected.map((line) =>
    line === "…" ? "(?:[^\\n]*\\n)*?" : `${line.split("…").map(literal).join("[^\\n]*?")}\\n`,
  );
  return new RegExp(`^${parts.join("")}$`);
}

const steps = quickstartSteps(README);
const clone = mkdtempSync(join(tmpdir(), "slipway-quickstart-"));
symlinkSync(EXAMPLES, join(clone, "examples"));
afterAll(() => rmSync(clone, { recursive: true, force: true }));

describe("the README's five-minute quick start", () => {
  it("has the commands it promises: init, validate, plan, compare, drift and the HTML report", () => {
    expect(steps.map((s) => s.argv[0])).toEqual(["init", "validate", "plan", "compare", "drift", "drift"]);
    expect(steps.at(-1)?.argv).toContain("html");
  });

  it.each(steps.map((s) => [s.argv.join(" "), s] as const))("$ npx slipway %s", async (_line, step) => {
    const run = await slipway(step.argv, clone);
    expect(run.code, run.stderr).toBeLessThan(2);
    const output = `${run.stderr}${run.stdout}`;
    const expected = matcher(step.expected);
    if (!expected.test(output)) expect(output).toBe(step.expected.join("\n").concat("\n"));
  });

  it("leaves a self-contained HTML report to open", () => {
    const report = join(clone, "drift.html");
    expect(existsSync(report)).toBe(true);
    const html = readFileSync(report, "utf8");
    expect(html.slice(0, 15).toLowerCase()).toBe("<!doctype html>");
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href="http/);
  });
});
