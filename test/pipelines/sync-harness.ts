import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import { connectBoundPipelines } from "../../src/pipelines/connect-bound-pipelines.ts";
import { memoryPipelineRecords } from "../../src/state/pipeline-records-sqlite.ts";
import type { PipelineSyncPorts } from "../../src/workflows/pipelines/pipeline-ports.ts";
import type { FakeKfp } from "../fakes/kfp/fake.ts";
import { exampleBinding } from "../helpers/check-repo.ts";
import { templateFiles } from "../helpers/template.ts";
import { treeOf } from "../helpers/tree.ts";
import { secretsFrom } from "./kfp-fixtures.ts";

export const SYNC_REPO = "acme/ml-platform";
export const PIPELINE = "pipelines/fraud-detection-retrain.yaml";
export const TOKEN = "kfp-sa-token-abcdef0123";

/** The example binding with its kfp integration pointed at the fake (multi-user, namespace ml-team). */
export function bindingOn(fake: FakeKfp): ServerBinding {
  const binding = exampleBinding();
  const kubeflow = binding.integrations?.kubeflow;
  if (!kubeflow) throw new Error("the example binds no kubeflow");
  kubeflow.endpoint = fake.url;
  kubeflow.token = { env: "KFP_TOKEN" };
  delete kubeflow.uiUrl;
  return binding;
}

export interface SyncHarness {
  ports: PipelineSyncPorts;
  /** Commits the template with `change` applied; returns the commit's id. Commits are ordered. */
  commit(change?: (files: Record<string, string>) => void): Promise<string>;
}

/** Sync ports over the fake KFP, in-memory records and an in-memory history of template commits. */
export async function syncHarness(
  fake: FakeKfp,
  binding: ServerBinding | null = bindingOn(fake),
): Promise<SyncHarness> {
  const commits: { sha: string; files: Record<string, string> }[] = [];
  const records = memoryPipelineRecords();
  const ports: PipelineSyncPorts = {
    repo: SYNC_REPO,
    binding,
    records,
    readTree: async (sha) => {
      const found = commits.find((c) => c.sha === sha);
      if (!found) throw new Error(`no commit ${sha}`);
      return treeOf(found.files);
    },
    connect: (name) =>
      connectBoundPipelines(binding, name, {}, secretsFrom({ KFP_TOKEN: TOKEN }), {
        sleep: async () => undefined,
      }),
    readPackage: async (source, tree) => {
      if (source.kind !== "path") return { problem: `${source.kind} packages are not read here` };
      const bytes = tree.files.get(source.path);
      return bytes ? { bytes } : { problem: `${source.path} is not in the tree` };
    },
    order: async (base, head) => {
      const a = commits.findIndex((c) => c.sha === base);
      const b = commits.findIndex((c) => c.sha === head);
      return a === b ? "identical" : a < b ? "ahead" : "behind";
    },
    now: () => "2026-11-25T06:00:00.000Z",
  };
  let last = await templateFiles();
  return {
    ports,
    async commit(change) {
      const files = { ...last };
      change?.(files);
      last = files;
      const sha = `${String(commits.length + 1).padStart(2, "0")}${"c".repeat(38)}`;
      commits.push({ sha, files });
      return sha;
    },
  };
}
