import { execFile } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runCli } from "../helpers/run-cli.ts";

// action.yml's steps as a runner would run them: each `run:` script in bash with the step's `env:`
// (inputs substituted as the runner does), a GITHUB_STEP_SUMMARY file, and on PATH an `npm` that only
// records what it was asked to install and a `slipway` that is this checkout's CLI.

const exec = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const NODE = process.execPath;

interface Step {
  name?: string;
  uses?: string;
  if?: string;
  shell?: string;
  env?: Record<string, string>;
  run?: string;
}
interface Action {
  inputs: Record<string, { default: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(ROOT, "action.yml"), "utf8")) as Action;
const work = mkdtempSync(join(tmpdir(), "slipway-action-"));
const bin = join(work, "bin");
const summary = join(work, "summary.md");
const installs = join(work, "npm-installs.txt");
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  mkdirSync(bin);
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script("npm", `echo "$*" >> '${installs}'`);
  script("slipway", `exec '${NODE}' '${join(ROOT, "bin", "slipway.js")}' "$@"`);
  const init = await runCli(["init", "platform"], work);
  expect(init.code, init.stderr).toBe(0);
});

/** The value of a step's `env:` entry with the `${{ … }}` expressions the action uses. */
function expand(text: string, inputs: Record<string, string>, actionRef: string): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, name: string) => {
    if (name === "github.action_ref") return actionRef;
    if (name.startsWith("inputs.")) return inputs[name.slice("inputs.".length)] ?? "";
    throw new Error(`action.yml: an expression this test does not evaluate: ${name}`);
  });
}

interface StepRun {
  name: string;
  code: number;
  stdout: string;
  stderr: string;
}

async function runAction(given: Record<string, string>, actionRef = "v0.1.0"): Promise<StepRun[]> {
  const inputs = Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, given[name] ?? input.default]),
  );
  writeFileSync(summary, "");
  writeFileSync(installs, "");
  const results: StepRun[] = [];
  for (const step of action.runs.steps) {
    if (step.uses) continue;
    // The one condition the action has: the plan step runs unless plan is `none` (and unless cancelled).
    if (step.if !== undefined) {
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not JavaScript
      expect(step.if).toBe("${{ !cancelled() && inputs.plan == 'offline' }}");
      if (inputs.plan !== "offline") continue;
    }
    const env: NodeJS.ProcessEnv = {
      PATH: [bin, process.env.PATH].join(delimiter),
      HOME: work,
      GITHUB_STEP_SUMMARY: summary,
      GITHUB_REPOSITORY: "acme/ml-platform",
      NO_COLOR: "1",
    };
    for (const [key, value] of Object.entries(step.env ?? {})) env[key] = expand(value, inputs, actionRef);
    expect(step.shell).toBe("bash");
    expect(step.run).not.toMatch(/\$\{\{/);
    const result = await exec("bash", ["-e", "-c", step.run ?? ""], { cwd: work, env, timeout: 60_000 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    results.push({ name: step.name ?? "", code: result.code, stdout: result.stdout, stderr: result.stderr });
    if (result.code !== 0 && step.if === undefined) break;
  }
  return results;
}

describe("action.yml, the composite action", () => {
  it("is composite, sets up Node.js, and splices no input into a script", () => {
    expect(action.runs.using).toBe("composite");
    expect(action.runs.steps[0]?.uses).toBe("actions/setup-node@v4");
    for (const step of action.runs.steps) expect(step.run ?? "").not.toContain("${{");
  });

  it("installs the CLI of its own release tag, validates with annotations and plans into the summary", async () => {
    const steps = await runAction({ directory: "platform" });
    expect(steps.map((s) => [s.name, s.code])).toEqual([
      ["Install the Slipway CLI", 0],
      ["Validate", 0],
      ["Plan every environment (offline)", 0],
    ]);
    expect(readFileSync(installs, "utf8")).toBe("install --global --no-audit --no-fund slipway@0.1.0\n");
    expect(steps[1]?.stdout).toMatch(/^::notice file=\.slipway\.yml,line=4,/m);
    expect(steps[2]?.stdout).toMatch(/^Plan for staging/m);
    expect(readFileSync(summary, "utf8")).toMatch(/staging[\s\S]*production/);
  });

  it("installs the version asked for, or the latest release when used at a branch", async () => {
    await runAction({ directory: "platform", plan: "none", version: "0.2.0" });
    expect(readFileSync(installs, "utf8")).toContain("slipway@0.2.0\n");
    const steps = await runAction({ directory: "platform", plan: "none" }, "main");
    expect(readFileSync(installs, "utf8")).toContain("slipway@latest\n");
    expect(steps.map((s) => s.name)).toEqual(["Install the Slipway CLI", "Validate"]);
  });

  it("checks names against a server configuration, for this repository's binding", async () => {
    const steps = await runAction({
      directory: "platform",
      "server-config": "platform/slipway-server-config.example.yaml",
    });
    expect(steps.map((s) => s.code)).toEqual([0, 0, 0]);
    expect(steps[1]?.stdout).not.toContain("SLW123");
  });

  it("fails the job on an invalid manifest, with an error annotation at its line", async () => {
    const broken = join(work, "broken");
    await runCli(["init", "broken"], work);
    const model = join(broken, "models", "fraud-detection.yaml");
    writeFileSync(
      model,
      readFileSync(model, "utf8").replace("service: fraud_detection_v2", "service: fraud_detection_v9"),
    );
    const steps = await runAction({ directory: "broken", plan: "none" });
    expect(steps.at(-1)?.name).toBe("Validate");
    expect(steps.at(-1)?.code).toBe(1);
    expect(steps.at(-1)?.stdout).toMatch(/^::error file=models\/fraud-detection\.yaml,line=\d+,col=\d+/m);
  });
});
