import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { discoverWildcardTargets, exactTargets } from "../../src/github/bound-targets.ts";
import type { InstallationOctokit } from "../../src/github/octokit.ts";
import type { ServerConfig } from "../../src/manifests/schemas/server-config.ts";
import { validateServerConfig } from "../../src/manifests/validate-server-config.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/fake-github.ts";
import { appOctokit, installationOctokit } from "../fakes/github-client.ts";

const CONFIG = `version: 1
bindings:
  - repository: acme/special
    environments:
      staging: { cluster: { context: special }, namespaces: [special] }
  - repository: acme/*
    environments:
      staging: { cluster: { context: staging }, namespaces: [ml-staging] }
      preview: { cluster: {}, namespaces: [preview] }
  - repository: other/*
    environments:
      staging: { cluster: { context: other }, namespaces: [other] }
`;

function config(text = CONFIG): ServerConfig {
  const { config: parsed, diagnostics } = validateServerConfig(
    "server-config.yaml",
    new TextEncoder().encode(text),
  );
  if (!parsed) throw new Error(JSON.stringify(diagnostics));
  return parsed;
}

describe("targets of the reconcile loop", () => {
  let github: FakeGitHub;
  const clients = () => ({
    app: async () => appOctokit(github) as unknown as InstallationOctokit,
    installation: async (id: number) =>
      installationOctokit(github, { installationId: id }) as unknown as InstallationOctokit,
  });

  beforeEach(async () => {
    github = await startFakeGitHub();
    for (const name of ["platform-b", "platform-a", "special"]) github.addRepo({ owner: "acme", name });
    github.addRepo({ owner: "acme", name: "not-installed", installed: false });
    github.addRepo({ owner: "acme", name: "trunk", defaultBranch: "trunk" });
  });

  afterEach(async () => {
    await github.close();
  });

  it("takes owner/repo bindings from the configuration, environments with a cluster only", () => {
    expect(exactTargets(config())).toEqual([
      { key: "acme/special staging", repository: "acme/special", environment: "staging" },
    ]);
    expect(exactTargets(null)).toEqual([]);
  });

  it("expands owner/* to the installation's repositories the binding governs, in name order", async () => {
    const found = await discoverWildcardTargets(config(), clients());
    expect(found.targets.map((t) => t.key)).toEqual([
      "acme/platform-a staging",
      "acme/platform-b staging",
      "acme/trunk staging",
    ]);
    expect(found.installed.get("acme/trunk")).toEqual({
      installation: github.installationId,
      branch: "trunk",
      cloneUrl: `${github.url}/acme/trunk.git`,
    });
    // acme/special has its own binding; acme/not-installed is not visible; no installation on `other`.
    expect([...found.installed.keys()]).not.toContain("acme/special");
    expect(found.truncated).toEqual([]);
  });

  it("reconciles at most the limit per owner and says how many there were", async () => {
    const found = await discoverWildcardTargets(config(), clients(), 2);
    expect(found.targets.map((t) => t.repository)).toEqual(["acme/platform-a", "acme/platform-b"]);
    expect(found.truncated).toEqual([{ owner: "acme", found: 3 }]);
  });

  it("asks GitHub nothing without an owner/* binding", async () => {
    const only = CONFIG.split("  - repository: acme/*")[0] ?? "";
    const found = await discoverWildcardTargets(config(only), clients());
    expect(found.targets).toEqual([]);
    expect(github.requests).toEqual([]);
  });
});

describe("git.url in the server configuration", () => {
  const at = (text: string) =>
    validateServerConfig("/etc/slipway/server-config.yaml", new TextEncoder().encode(text)).diagnostics.map(
      (d) => `${d.line}:${d.column} ${d.code} ${d.message}`,
    );

  it("accepts a file:// URL, a local path and an https URL on an owner/repo binding", () => {
    for (const url of [
      "file:///srv/git/special.git",
      "/srv/git/special.git",
      "https://git.acme.internal/special.git",
    ])
      expect(
        at(CONFIG.replace("  - repository: acme/*", `    git: { url: "${url}" }\n  - repository: acme/*`)),
      ).toEqual([]);
  });

  it("refuses it on an owner/* binding, with credentials in it or over ssh, located", () => {
    const onWildcard = CONFIG.replace(
      "  - repository: other/*",
      '    git: { url: "/srv/x.git" }\n  - repository: other/*',
    );
    expect(at(onWildcard)).toEqual([
      "10:17 SLW190 names one repository's location; set it on an owner/repo binding, not on owner/*",
    ]);
    const withToken = CONFIG.replace(
      "  - repository: acme/*",
      '    git: { url: "https://x-access-token:abc@github.com/acme/special.git" }\n  - repository: acme/*',
    );
    expect(at(withToken)).toEqual([
      "6:17 SLW171 `bindings[0].git.url` is a https URI with a password in it (user:password@host)",
    ]);
    const bareToken = withToken.replace("x-access-token:abc@", "ghs_abc@");
    expect(at(bareToken)).toEqual([
      "6:17 SLW190 carries credentials; Slipway passes the installation token to git itself",
    ]);
    const overSsh = CONFIG.replace(
      "  - repository: acme/*",
      '    git: { url: "ssh://git@github.com/acme/special.git" }\n  - repository: acme/*',
    );
    expect(at(overSsh)).toEqual(["6:17 SLW190 uses the ssh protocol; use https://, file:// or a local path"]);
  });
});
