import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { validateServerConfig } from "../../src/manifests/validate-server-config.ts";
import { runCli } from "../helpers/run-cli.ts";

const dirs: string[] = [];
function emptyDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "slipway-init-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function filesUnder(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(dir, e.name));
      else out.push(relative(root, join(dir, e.name)));
    }
  };
  walk(root);
  return out.sort();
}

describe("slipway init", () => {
  it("creates a repository that validates, whose $schema lines resolve inside it", async () => {
    const parent = emptyDir();
    const run = await runCli(["init", "my-platform"], parent);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("created a platform repository in my-platform:");
    expect(run.stdout).toContain("  cd my-platform\n");
    const repo = join(parent, "my-platform");
    const files = filesUnder(repo);
    expect(files).toContain(".github/workflows/slipway.yml");
    expect(files).toContain("slipway-server-config.example.yaml");
    expect(files).toContain(".slipway/schemas/model.schema.json");
    expect(files).toContain("models/fraud-detection.yaml");

    for (const file of files.filter((f) => /\.ya?ml$/.test(f))) {
      const text = readFileSync(join(repo, file), "utf8");
      for (const [, target] of text.matchAll(/^# yaml-language-server: \$schema=(\S+)$/gm)) {
        const resolved = resolve(repo, dirname(file), target ?? "");
        expect(resolved.startsWith(`${repo}/`), `${file}: ${target}`).toBe(true);
        expect(existsSync(resolved), `${file}: ${target}`).toBe(true);
      }
    }

    const validate = await runCli(["validate"], repo);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toContain("valid: 0 errors, 0 warnings");
    // The example binds every name the repository uses.
    const bound = await runCli(["validate", "--server-config", "slipway-server-config.example.yaml"], repo);
    expect(bound.stdout).toBe("valid: 0 errors, 0 warnings, 0 notices in 9 files (9 manifests)\n");
    expect(bound.code).toBe(0);
    const example = readFileSync(join(repo, "slipway-server-config.example.yaml"));
    expect(validateServerConfig("example", new Uint8Array(example)).diagnostics).toEqual([]);
    expect(example.toString()).toContain("Slipway never\n# reads it from this repository");

    const plan = await runCli(["plan", "--offline"], repo);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toMatch(/^Plan for staging .*\n[\s\S]*\nPlan for production /);
  });

  it("writes a pull-request workflow that validates with annotations and plans offline", async () => {
    const repo = emptyDir();
    expect((await runCli(["init"], repo)).code).toBe(0);
    const workflow = parse(readFileSync(join(repo, ".github/workflows/slipway.yml"), "utf8")) as {
      on: Record<string, unknown>;
      permissions: Record<string, string>;
      jobs: Record<string, { steps: { uses?: string; run?: string }[]; env: Record<string, string> }>;
    };
    expect(Object.keys(workflow.on)).toContain("pull_request");
    expect(workflow.permissions).toEqual({ contents: "read" });
    const [job] = Object.values(workflow.jobs);
    const runs = (job?.steps ?? []).flatMap((s) => (s.run ? [s.run.trim()] : []));
    expect(runs).toContain('npm install --global "slipway@$SLIPWAY_VERSION"');
    expect(runs).toContain("slipway validate --format github");
    expect(runs.join("\n")).toContain("slipway plan --offline\n");
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(job?.env.SLIPWAY_VERSION).toBe(version);
  });

  it("refuses to overwrite, writing nothing at all", async () => {
    const repo = emptyDir();
    writeFileSync(join(repo, ".slipway.yml"), "mine\n");
    writeFileSync(join(repo, "README.md"), "mine\n");
    const run = await runCli(["init", "."], repo);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      "already has files init would write; nothing was written:\n  .slipway.yml\n",
    );
    expect(filesUnder(repo)).toEqual([".slipway.yml", "README.md"]);
    expect(readFileSync(join(repo, ".slipway.yml"), "utf8")).toBe("mine\n");

    // Other files are no obstacle.
    const other = emptyDir();
    writeFileSync(join(other, "README.md"), "mine\n");
    expect((await runCli(["init"], other)).code).toBe(0);
    expect(readFileSync(join(other, "README.md"), "utf8")).toBe("mine\n");
  });

  it("refuses a target that is a file, and extra arguments", async () => {
    const dir = emptyDir();
    writeFileSync(join(dir, "taken"), "x");
    const onFile = await runCli(["init", "taken"], dir);
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toContain("exists and is not a directory");
    expect((await runCli(["init", "a", "b"], dir)).code).toBe(2);
  });
});
