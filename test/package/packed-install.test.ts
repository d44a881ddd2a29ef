import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MINIMUM_NODE, minimumNode } from "./minimum-node.ts";

// The package as a user gets it: `npm pack` (which builds dist/ on prepack), the tarball installed in an
// empty directory, and its `slipway` bin run on the oldest Node.js `engines` allows — from dist/, since
// the package holds no sources.

const exec = promisify(execFile);
const ROOT = new URL("../../", import.meta.url).pathname;
const EXAMPLES = join(ROOT, "examples", "quickstart");
const work = mkdtempSync(join(tmpdir(), "slipway-package-"));
let files: string[] = [];
let node = "";

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function slipway(args: string[]): Promise<Run> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [dirname(node), process.env.PATH].join(delimiter),
    NO_COLOR: "1",
  };
  delete env.NODE_OPTIONS;
  const bin = join(work, "app", "node_modules", ".bin", "slipway");
  try {
    const { stdout, stderr } = await exec(bin, args, { cwd: work, env, timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: unknown; stdout?: string; stderr?: string };
    if (typeof failed.code !== "number") throw error;
    return { code: failed.code, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
  }
}

beforeAll(async () => {
  const [packed, nodeBinary] = await Promise.all([
    exec("npm", ["pack", "--json", "--pack-destination", work], { cwd: ROOT, timeout: 170_000 }),
    minimumNode(ROOT),
  ]);
  node = nodeBinary;
  const listing = packed.stdout.slice(packed.stdout.lastIndexOf("\n[") + 1);
  files = (JSON.parse(listing) as { files: { path: string }[] }[])[0]?.files.map((f) => f.path) ?? [];
  const tarball = readdirSync(work).find((f) => f.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball in ${work}`);
  const app = join(work, "app");
  mkdirSync(app);
  writeFileSync(join(app, "package.json"), '{ "private": true }\n');
  await exec(
    "npm",
    ["install", join(work, tarball), "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock"],
    { cwd: app, timeout: 170_000 },
  );
}, 360_000);

// The installed dependencies are tens of thousands of files: removed without blocking the worker.
afterAll(() => rm(work, { recursive: true, force: true }), 120_000);

describe("the npm package", () => {
  it("holds the compiled CLI, the template, the schemas and the licence, and no sources or tests", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "bin/slipway.js",
        "dist/cli/main.js",
        "dist/datasets/drift-worker.js",
        "platform-repo-template/.slipway.yml",
        "platform-repo-template/.slipway/schemas/model.schema.json",
        "server-config.example.yaml",
        "schemas/model.schema.json",
        "app.yml",
        "LICENSE",
        "README.md",
        "package.json",
      ]),
    );
    expect(files.filter((f) => /^(src|test|bench|scripts|examples|node_modules)\//.test(f))).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts"))).toEqual([]);
  });

  it(`runs from dist/ on Node.js ${MINIMUM_NODE}: --version, init, validate, plan, compare, drift`, async () => {
    const version = await slipway(["--version"]);
    expect(version).toMatchObject({ code: 0, stdout: "slipway 0.1.0\n" });
    const init = await slipway(["init", "platform"]);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain("created a platform repository in platform:");

    const validate = await slipway(["validate", "platform"]);
    expect(validate.code, validate.stderr).toBe(0);
    expect(validate.stdout).toContain("valid: 0 errors, 0 warnings");
    const plan = await slipway(["plan", "platform", "--env", "staging", "--offline"]);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(/^Plan hash: sha256:[0-9a-f]{64}$/m);

    const db = `sqlite:///${join(EXAMPLES, "mlflow.db")}`;
    const compare = await slipway([
      "compare",
      "--model",
      "fraud-detection",
      "platform",
      "--tracking-uri",
      db,
    ]);
    expect(compare.code, compare.stderr).toBe(0);
    expect(compare.stdout).toMatch(/^fraud-detection: PASS/);

    const drift = await slipway([
      "drift",
      "--reference",
      join(EXAMPLES, "reference.parquet"),
      "--current",
      join(EXAMPLES, "current.csv"),
    ]);
    expect(drift.code, drift.stderr).toBe(1);
    expect(drift.stdout).toMatch(/^DRIFT DETECTED: 4 of 6 tested columns drifted/);
  }, 120_000);

  it("loads the server's modules: slipway serve --help", async () => {
    const serve = await slipway(["serve", "--help"]);
    expect(serve.code, serve.stderr).toBe(0);
    expect(serve.stdout).toMatch(/^usage: slipway serve/);
  }, 60_000);
});
