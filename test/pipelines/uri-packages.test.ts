import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { validateRepo } from "../../src/manifests/validate-repo.ts";
import { readPipelinePackage } from "../../src/pipelines/read-package.ts";
import { withUriPackageChecks } from "../../src/workflows/pipelines/review-packages.ts";
import { S3RVER_KEY, type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { edit, exampleBinding } from "../helpers/check-repo.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";
import { RETRAIN_YAML } from "./kfp-fixtures.ts";

const PIPELINE = "pipelines/fraud-detection-retrain.yaml";
const KEY = "pipelines/fraud-detection-retrain/v3/pipeline.yaml";
const EMPTY = { files: new Map<string, Uint8Array>() };

describe("compiled packages at a URI, read only where the binding allows", () => {
  let s3: S3rverHarness;
  beforeAll(async () => {
    s3 = await startS3rver("acme-ml-artifacts");
    await s3.put(KEY, RETRAIN_YAML);
  });
  afterAll(() => s3.close());

  /** The example binding with its ml-artifacts store pointed at s3rver. */
  const binding = () => {
    const b = exampleBinding();
    const store = b.integrations?.["ml-artifacts"];
    if (!store) throw new Error("the example binds no ml-artifacts");
    store.endpoint = s3.endpoint;
    store.accessKeyId = { env: "K" };
    store.secretAccessKey = { env: "S" };
    return b;
  };
  const options = (extra: object = {}) => ({
    binding: binding(),
    env: { K: S3RVER_KEY, S: S3RVER_KEY },
    readSecret: async (ref: { env: string } | { file: string }) => ("env" in ref ? S3RVER_KEY : ""),
    ...extra,
  });

  it("reads an s3:// package through the kfp integration's packages.integration", async () => {
    const got = await readPipelinePackage(
      { kind: "uri", uri: `s3://acme-ml-artifacts/${KEY}` },
      EMPTY,
      "kubeflow",
      options(),
    );
    expect("bytes" in got && new TextDecoder().decode(got.bytes)).toBe(RETRAIN_YAML);
  });

  it("refuses what is outside the allowed prefixes, and https:// without a binding's allowance, requesting nothing", async () => {
    await s3.forget();
    const outside = await readPipelinePackage(
      { kind: "uri", uri: "s3://acme-ml-artifacts/other/x.yaml" },
      EMPTY,
      "kubeflow",
      options(),
    );
    expect(outside).toEqual({
      problem: "s3://acme-ml-artifacts/other/x.yaml is outside the prefixes `ml-artifacts` allows",
    });
    expect(await s3.requests()).toEqual([]);
    let fetched = 0;
    const fetch = (async () => {
      fetched += 1;
      return new Response(RETRAIN_YAML);
    }) as typeof globalThis.fetch;
    const evil = await readPipelinePackage(
      { kind: "uri", uri: "https://169.254.169.254/latest/x" },
      EMPTY,
      "kubeflow",
      options({ fetch }),
    );
    expect(evil).toEqual({
      problem:
        "https://169.254.169.254/latest/x is outside the `kubeflow` integration's packages.allowedUrls",
    });
    const unbound = await readPipelinePackage(
      { kind: "uri", uri: "https://artifacts.acme.internal/pipelines/x.yaml" },
      EMPTY,
      "kubeflow",
      {
        ...options({ fetch }),
        binding: null,
        unboundHttps: false,
      },
    );
    expect("problem" in unbound && unbound.problem).toMatch(/read only where a server binding allows them/);
    expect(fetched).toBe(0);
    const allowed = await readPipelinePackage(
      { kind: "uri", uri: "https://artifacts.acme.internal/pipelines/x.yaml" },
      EMPTY,
      "kubeflow",
      options({ fetch }),
    );
    expect("bytes" in allowed).toBe(true);
    expect(fetched).toBe(1);
  });

  it("a review checks a URI package's parameters; an unreadable one is a notice, not a failure", async () => {
    const files = await templateFiles();
    edit(
      files,
      PIPELINE,
      "    path: packages/fraud-detection-retrain.yaml\n",
      `    uri: s3://acme-ml-artifacts/${KEY}\n`,
    );
    edit(files, PIPELINE, "learning_rate: 0.05", "learning_rat: 0.05");
    const b = binding();
    const validated = validateRepo(treeOf(files), { binding: b });
    expect(validated.ok).toBe(true);
    const read = (source: Parameters<typeof readPipelinePackage>[0], integration: string) =>
      readPipelinePackage(source, EMPTY, integration, options());
    const checked = await withUriPackageChecks(validated, b, read);
    expect(checked.ok).toBe(false);
    expect(checked.diagnostics.map((d) => [d.code, d.message, d.hint !== undefined])).toEqual([
      [
        "SLW139",
        "parameter `learning_rat` is not declared by `fraud-detection-retrain` (did you mean `learning_rate`?); it declares `learning_rate`, `num_leaves`, `register_model`, `training_window_days`",
        true,
      ],
    ]);
    const down = await withUriPackageChecks(validated, b, async () => ({
      problem: "the store did not answer",
    }));
    expect(down.ok).toBe(true);
    expect(down.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ["SLW154", "notice", "the parameters were not checked: the store did not answer"],
    ]);
  });
});
