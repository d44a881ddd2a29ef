import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeKfp, startFakeKfp } from "../fakes/kfp/fake.ts";
import { runCli } from "../helpers/run-cli.ts";
import { TEMPLATE_DIR } from "../helpers/template.ts";
import { RETRAIN_YAML } from "../pipelines/kfp-fixtures.ts";

const TOKEN = "cli-token-0123456789abcdef";

describe("slipway pipeline run", () => {
  let fake: FakeKfp;
  let dir: string;
  let tokenFile: string;
  beforeAll(async () => {
    fake = await startFakeKfp({
      multiUser: true,
      users: { "alice@acme.io": ["ml-platform"] },
      tokens: { [TOKEN]: "alice@acme.io" },
    });
    dir = mkdtempSync(join(tmpdir(), "slipway-pipeline-run-"));
    tokenFile = join(dir, "token");
    writeFileSync(tokenFile, `${TOKEN}\n`);
  });
  afterAll(async () => {
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = (...args: string[]) =>
    runCli(["pipeline", "run", "fraud-detection-retrain", TEMPLATE_DIR, ...args], dir, {
      KFP_ENDPOINT: fake.url,
    });

  it("starts one run in the namespace, with the overrides typed, and prints its id and link (exit 0)", async () => {
    const out = await run(
      "--namespace",
      "ml-platform",
      "--token-file",
      tokenFile,
      "--param",
      "learning_rate=0.1",
    );
    expect(out.stderr).toBe("");
    expect(out.code).toBe(0);
    const [created] = fake.runs();
    expect(fake.runs()).toHaveLength(1);
    expect(out.stdout).toBe(
      `started run ${created?.run_id} of fraud-detection-retrain in experiment fraud-detection-v2\n${fake.url}/#/runs/details/${created?.run_id}\n`,
    );
    expect(created).toMatchObject({
      namespace: "ml-platform",
      service_account: "pipeline-runner",
      runtime_config: {
        parameters: { learning_rate: 0.1, num_leaves: 63, register_model: "fraud-detection" },
      },
    });
    expect(Object.keys(created?.pipeline_spec ?? {}).sort()).toEqual(["pipeline_spec", "platform_spec"]);
  });

  it("--dry-run prints the request body and sends nothing; --format json too", async () => {
    const before = fake.requests.length;
    const text = await run("--dry-run", "--namespace", "ml-platform");
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(
      /^dry run: nothing was sent to 127\.0\.0\.1:\d+\. POST \/apis\/v2beta1\/runs would carry:\n\{/,
    );
    const json = await run("--dry-run", "--format", "json", "--param", "num_leaves=127");
    const printed = JSON.parse(json.stdout) as { dryRun: boolean; body: Record<string, unknown> };
    expect(printed.dryRun).toBe(true);
    expect(printed.body).toMatchObject({
      display_name: "fraud-detection-retrain · run from the command line",
      experiment_id: "<id of experiment fraud-detection-v2>",
      runtime_config: { parameters: { num_leaves: 127 } },
      service_account: "pipeline-runner",
    });
    expect(fake.requests.length).toBe(before);
  });

  it("checks parameters offline against --package FILE, refusing what KFP would (exit 2)", async () => {
    const pkg = join(dir, "other.yaml");
    writeFileSync(
      pkg,
      RETRAIN_YAML.replace(
        "      num_leaves:\n        defaultValue: 31.0\n        isOptional: true\n        parameterType: NUMBER_INTEGER\n",
        "",
      ),
    );
    const out = await run("--dry-run", "--package", pkg, "--param", "num_leaves=7");
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^slipway pipeline run: the pipeline declares no parameter `num_leaves`/);
    const typed = await run("--dry-run", "--param", "learning_rate=fast");
    expect(typed.code).toBe(2);
    expect(typed.stderr).toBe(
      "slipway pipeline run: `learning_rate=fast` is not a value of its type (NUMBER_DOUBLE)\n",
    );
  });

  it("exits 2 without an endpoint, for a pipeline the repository lacks, and on a KFP fault, never showing the token", async () => {
    const none = await runCli(["pipeline", "run", "fraud-detection-retrain", TEMPLATE_DIR], dir, {});
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no Kubeflow Pipelines: pass --kfp-endpoint or set KFP_ENDPOINT/);
    const missing = await runCli(["pipeline", "run", "retrain", TEMPLATE_DIR, "--dry-run"], dir, {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no valid Pipeline named 'retrain'");
    const refused = await run("--namespace", "finance", "--token-file", tokenFile);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/answered HTTP 403/);
    expect(refused.stderr + refused.stdout).not.toContain(TOKEN);
  });
});
