import { describe, expect, it } from "vitest";
import { validateServerConfig } from "../../src/manifests/validate-server-config.ts";
import { edit, exampleBinding, type Finding, validateTemplate } from "../helpers/check-repo.ts";

// Monitor datasets tracked by DVC: `dvc: { repo, path, rev }` names the data by itself; another
// repository must be one the operator binds as a `git` integration.

const MONITOR = "monitors/fraud-detection-drift.yaml";
const PATH = "    path: s3://acme-datalake/fraud/training/v7/reference.parquet\n";
const error = (line: number, column: number, code: string, message: string): Finding =>
  ({ file: MONITOR, line, column, severity: "error", code, message }) as Finding;

const dvc = (value: string) => (f: Record<string, string>) => edit(f, MONITOR, PATH, `    dvc: ${value}\n`);

describe("DVC-tracked datasets", () => {
  it("validate with a path in this repository, at a tag or the reviewed commit", async () => {
    expect(await validateTemplate(dvc("{ path: data/reference.parquet, rev: model-v7 }"))).toEqual([]);
    expect(await validateTemplate(dvc("{ repo: ., path: data/features/ }"))).toEqual([]);
    // The example configuration binds acme/data-registry as a git integration.
    const registry = "{ repo: https://github.com/acme/data-registry, path: data/x.parquet, rev: v2 }";
    expect(await validateTemplate(dvc(registry))).toEqual([]);
  });

  it("take no other location beside them", async () => {
    expect(
      await validateTemplate((f) => edit(f, MONITOR, PATH, `${PATH}    dvc: { path: data/x.parquet }\n`)),
    ).toEqual([error(11, 11, "SLW135", "`path` does not go with `dvc`, which names the data itself")]);
  });

  it("name a path inside the repository, and a revision git could fetch", async () => {
    expect(await validateTemplate(dvc("{ path: ../secrets/x.parquet }"))).toEqual([
      error(11, 18, "SLW135", "`dvc.path` is a path inside the repository, without '.' or '..' segments"),
    ]);
    const badRev = await validateTemplate(dvc("{ path: data/x.parquet, rev: --upload-pack=evil }"));
    expect(badRev).toHaveLength(1);
    expect(badRev[0]?.message).toMatch(/must be a tag, a branch or a full commit SHA/);
  });

  it("read another repository only when the server binds it as a git integration", async () => {
    const url = "https://github.com/acme/feature-archive.git";
    expect(await validateTemplate(dvc(`{ repo: "${url}", path: data/x.parquet, rev: v2 }`))).toEqual([
      error(
        11,
        18,
        "SLW122",
        `repository ${url} is not bound for this repository's Monitors (the operator binds it as a \`git\` integration with this url)`,
      ),
    ]);
    const binding = exampleBinding();
    binding.integrations = {
      ...binding.integrations,
      archive: { type: "git", url: "https://github.com/acme/feature-archive" },
    };
    expect(
      await validateTemplate(dvc(`{ repo: "${url}", path: data/x.parquet, rev: v2 }`), { binding }),
    ).toEqual([]);
  });
});

describe("git integrations in the server configuration", () => {
  it("need a url git may use, without credentials in it", () => {
    const config = (integration: string) =>
      new TextEncoder().encode(
        `version: 1\nbindings:\n  - repository: acme/ml-platform\n    environments: {}\n    integrations:\n      registry: ${integration}\n`,
      );
    const messages = (integration: string) =>
      validateServerConfig("server.yaml", config(integration)).diagnostics.map(
        (d) => `${d.line}:${d.column} ${d.message}`,
      );
    expect(messages("{ type: git, url: https://github.com/acme/data-registry.git }")).toEqual([]);
    expect(messages("{ type: git }")).toEqual(["6:17 a `git` integration needs `url`"]);
    expect(messages("{ type: git, url: ssh://git@github.com/acme/r.git }")).toEqual([
      "6:35 uses the ssh protocol; use https://, file:// or a local path",
    ]);
    expect(messages("{ type: s3, url: https://x }")).toEqual(["6:34 is a field of `git` integrations"]);
  });
});
