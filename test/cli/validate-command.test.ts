import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { breakTemplate, PLANTED, PLANTED_SECRETS } from "../helpers/break-template.ts";
import { expectGolden } from "../helpers/golden.ts";
import { runCli } from "../helpers/run-cli.ts";
import { TempRepo } from "../helpers/temp-repo.ts";
import { SERVER_CONFIG_EXAMPLE } from "../helpers/template.ts";

describe("slipway validate", () => {
  let repo: TempRepo;
  beforeEach(() => {
    repo = new TempRepo();
  });
  afterEach(() => repo.remove());

  it("exits 0 on the template and prints the summary (text golden)", async () => {
    const run = await runCli(["validate", repo.dir], "/");
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expectGolden("validate/template.txt", run.stdout);
  });

  it("exits 0 with no diagnostics against the example server configuration", async () => {
    const run = await runCli(
      ["validate", ".", "--server-config", SERVER_CONFIG_EXAMPLE, "--format", "json"],
      repo.dir,
    );
    expect(run.code).toBe(0);
    expectGolden("validate/template-bound.json", run.stdout);
  });

  it("exits 1 on a broken copy and reports every planted problem at its file and line", async () => {
    breakTemplate(repo);
    const run = await runCli(["validate", repo.dir, "--format", "json"], "/");
    expect(run.code).toBe(1);
    const body = JSON.parse(run.stdout) as {
      ok: boolean;
      diagnostics: { file: string; line: number; code: string }[];
    };
    expect(body.ok).toBe(false);
    const found = body.diagnostics.map((d) => `${d.file}:${d.line} ${d.code}`);
    for (const p of PLANTED) expect(found).toContain(`${p.file}:${p.line} ${p.code}`);
    expectGolden("validate/broken.json", run.stdout);
  });

  it("renders the broken copy as grouped text and as GitHub annotations (goldens)", async () => {
    breakTemplate(repo);
    const text = await runCli(["validate", repo.dir], "/");
    expect(text.code).toBe(1);
    expectGolden("validate/broken.txt", text.stdout);
    const github = await runCli(["validate", repo.dir, "--format", "github"], "/");
    expect(github.code).toBe(1);
    expectGolden("validate/broken.github.txt", github.stdout);
    for (const line of github.stdout.trim().split("\n").slice(0, -1)) {
      expect(line).toMatch(
        /^::(error|warning|notice) file=[^,]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=SLW\d{3}::/,
      );
    }
  });

  it("never prints a planted secret, in any format", async () => {
    breakTemplate(repo);
    for (const format of ["text", "json", "github"]) {
      const run = await runCli(["validate", repo.dir, "--format", format], "/");
      for (const secret of PLANTED_SECRETS) expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });

  it("exits 2 on usage errors and unreadable input", async () => {
    const unknownFlag = await runCli(["validate", repo.dir, "--frmat", "json"], "/");
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("usage: slipway validate");
    const badFormat = await runCli(["validate", repo.dir, "--format", "xml"], "/");
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toContain("--format must be one of text, json, github");
    const missing = await runCli(["validate", `${repo.dir}/nope`], "/");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no such file or directory");
    const missingConfig = await runCli(
      ["validate", repo.dir, "--server-config", `${repo.dir}/none.yaml`],
      "/",
    );
    expect(missingConfig.code).toBe(2);
    expect(missingConfig.stderr).toContain("cannot read the server configuration");
    const repoWithoutConfig = await runCli(["validate", repo.dir, "--repo", "acme/x"], "/");
    expect(repoWithoutConfig.code).toBe(2);
  });

  it("validates files in their repository, reporting only their own problems", async () => {
    breakTemplate(repo);
    const whole = await runCli(["validate", repo.dir, "--format", "json"], "/");
    const all = JSON.parse(whole.stdout).diagnostics as { file: string; severity: string }[];
    const file = "models/fraud-detection.yaml";
    const own = all.filter((d) => d.file === file);
    expect(own.length).toBeGreaterThan(0);

    const run = await runCli(["validate", file, "--format", "json"], repo.dir);
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).diagnostics).toEqual(own);
    expect(JSON.parse(run.stdout).summary).toMatchObject({ files: 1, manifests: 1, errors: own.length });
    const others = all.filter((d) => d.file !== file && d.severity !== "notice");
    const errors = others.filter((d) => d.severity === "error").length;
    expect(run.stderr).toBe(
      `slipway validate: other files of the repository have ${errors} error(s), ${others.length - errors} warning(s), not shown here\n`,
    );

    // From a subdirectory, relative to it; a clean file of a broken repository is valid.
    const clean = await runCli(["validate", "entities.yaml"], `${repo.dir}/features`);
    expect(clean.stdout).toBe("valid: 0 errors, 0 warnings, 0 notices in 1 file (2 manifests)\n");
    expect(clean.code).toBe(0);
  });

  it("refuses files outside any repository and a directory mixed with files", async () => {
    const outside = await runCli(["validate", "/etc/hostname"], "/");
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain("no .slipway.yml in /etc or above it");
    const mixed = await runCli(["validate", repo.dir, `${repo.dir}/models/fraud-detection.yaml`], "/");
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("give one directory, or files");
  });

  it("exits 2 with located diagnostics when the server configuration is invalid", async () => {
    repo.write(
      "server.yaml",
      "version: 1\nbindings:\n  - repository: acme/ml-platform\n    environments: {}\n    colour: blue\n",
    );
    const run = await runCli(["validate", repo.dir, "--server-config", `${repo.dir}/server.yaml`], "/");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${repo.dir}/server.yaml:5:5 error SLW031 unknown field \`colour\``);
  });

  it("picks the binding named by --repo, and refuses a repository the configuration does not bind", async () => {
    const bound = await runCli(
      ["validate", repo.dir, "--server-config", SERVER_CONFIG_EXAMPLE, "--repo", "ACME/ml-platform"],
      "/",
    );
    expect(bound.code).toBe(0);
    const unbound = await runCli(
      ["validate", repo.dir, "--server-config", SERVER_CONFIG_EXAMPLE, "--repo", "acme/other"],
      "/",
    );
    expect(unbound.code).toBe(2);
    expect(unbound.stderr).toContain("has no binding for acme/other");
  });
});
