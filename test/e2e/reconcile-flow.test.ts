import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeGitHub } from "../fakes/fake-github.ts";
import type { FakeKubernetes } from "../fakes/kubernetes/fake.ts";
import { type RunningServer, until } from "../helpers/slipway-server.ts";
import { templateFiles } from "../helpers/template.ts";
import { type DeployE2E, OWNER, REPO, startDeployE2E } from "./deploy-e2e-harness.ts";

type Isvc = { spec: { predictor: { minReplicas: number } }; metadata: { annotations?: object } };

// Issue 10 end to end through the real server: a merge deploys staging; someone runs `kubectl edit`;
// the reconcile loop (a one-second interval here) reads the commit through its git mirror of the
// repository (the fake GitHub's smart HTTP, at the repository's clone_url), opens the config-drift
// issue, heals staging because it sets `selfHeal`, and closes the issue — the installation token in no
// log line and in no file of the server's state directory.
describe("end to end: config drift healed", () => {
  let e2e: DeployE2E;
  let github: FakeGitHub;
  let server: RunningServer;
  let clusters: Record<string, FakeKubernetes>;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), "slipway-reconcile-state-"));
    e2e = await startDeployE2E(
      { SLIPWAY_RECONCILE_INTERVAL_SECONDS: "1", SLIPWAY_STATE_DIR: stateDir },
      {
        slipwayYml: (text) => {
          const healing = text.replace("preMergeApply: true", "preMergeApply: true\n    selfHeal: true");
          expect(healing).toContain("selfHeal: true");
          return healing;
        },
      },
    );
    ({ github, server, clusters } = e2e);
  });
  afterAll(async () => {
    expect(await e2e.close()).toBe(0);
    rmSync(stateDir, { recursive: true, force: true });
  });

  it("opens the config-drift issue for a kubectl edit, heals staging and closes the issue", async () => {
    const head = await templateFiles();
    github.openPullRequest({
      owner: OWNER,
      repo: REPO,
      number: 1,
      user: "alice",
      files: { "models/fraud-detection.yaml": head["models/fraud-detection.yaml"] ?? "" },
    });
    const before = github.pull(OWNER, REPO, 1).baseSha;
    const merge = github.mergePullRequest(OWNER, REPO, 1);
    await github.deliver(
      server.webhookUrl,
      "push",
      github.pushEvent(OWNER, REPO, { ref: "main", before, after: merge }),
    );
    const staging = clusters.staging as FakeKubernetes;
    const isvc = () => staging.objects("InferenceService")[0] as unknown as Isvc | undefined;
    await until(
      () => isvc() !== undefined && JSON.stringify(isvc()).includes("fraud-detection/7"),
      "the staging deploy",
      60_000,
    );
    await until(
      () => /"outcome":"in-sync"/.test(server.output()),
      "a pass that finds staging in sync",
      30_000,
    );
    expect(github.issues(OWNER, REPO)).toEqual([]);

    staging.editAs("kubectl-edit", staging.objects("InferenceService")[0] as never, (o) => {
      (o as unknown as Isvc).spec.predictor.minReplicas = 6;
      o.metadata.annotations = { ...o.metadata.annotations, "ops.example.com/paged": "yes" };
    });
    const issue = () => github.issues(OWNER, REPO).find((i) => i.title === "Config drift in staging");
    await until(() => issue()?.state === "closed", "the config-drift issue, opened then closed", 60_000);
    const found = issue();
    expect(found?.body).toContain("`spec.predictor.minReplicas` | 6 | 2 |");
    expect(found?.labels).toEqual(expect.arrayContaining(["config-drift"]));
    expect(github.issues(OWNER, REPO)).toHaveLength(1);
    const notes = github.comments(OWNER, REPO, found?.number ?? 0).map((c) => c.body);
    expect(notes.some((b) => b.includes("Healed: Slipway re-applied"))).toBe(true);
    expect(isvc()?.spec.predictor.minReplicas).toBe(2);
    expect(isvc()?.metadata.annotations).toMatchObject({ "ops.example.com/paged": "yes" });
    // Self-heal records no GitHub Deployment: only the merge's deploy of staging.
    expect(github.deployments(OWNER, REPO, "staging")).toHaveLength(1);

    await until(() => server.output().includes('"outcome":"healed"'), "the pass's log line");
    const tokens = [...github.state.tokens.keys()];
    expect(tokens.length).toBeGreaterThan(0);
    const output = server.output();
    for (const token of tokens) expect(output).not.toContain(token);

    // The passes fetched over git's smart HTTP with an issued installation token as Basic auth.
    const fetches = github.requests.filter((r) => r.route === "POST /{owner}/{repo}.git/git-upload-pack");
    expect(fetches.length).toBeGreaterThan(0);
    const basics = new Set(
      tokens.map((t) => `Basic ${Buffer.from(`x-access-token:${t}`).toString("base64")}`),
    );
    expect(fetches.every((r) => r.status === 200 && basics.has(r.headers.authorization ?? ""))).toBe(true);
    expect(fetches.every((r) => r.path === `/${OWNER}/${REPO}.git/git-upload-pack`)).toBe(true);
    // The mirror is on disk under SLIPWAY_STATE_DIR; no file there holds a token in any form.
    const files = readdirSync(stateDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    const configs = files.filter((e) => e.name === "config").map((e) => join(e.parentPath, e.name));
    expect(configs.length).toBeGreaterThan(0);
    expect(readFileSync(configs[0] ?? "", "utf8")).toContain(`${github.url}/${OWNER}/${REPO}.git`);
    for (const file of files) {
      const bytes = readFileSync(join(file.parentPath, file.name)).toString("latin1");
      for (const token of tokens) expect(bytes).not.toContain(token);
      for (const basic of basics) expect(bytes).not.toContain(basic.slice(6));
    }
  }, 180_000);
});
