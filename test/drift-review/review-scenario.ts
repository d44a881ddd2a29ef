import { connectBoundDatasets } from "../../src/datasets/s3/dataset-access.ts";
import type { ServerBinding } from "../../src/manifests/schemas/server-config.ts";
import type { ReviewTarget } from "../../src/workflows/review-ports.ts";
import { type S3rverHarness, startS3rver } from "../datasets-s3/s3rver-harness.ts";
import { MemoryReviewPorts } from "../helpers/memory-review-ports.ts";
import { templateFiles } from "../helpers/template.ts";

// A review of the template repository with its `datalake` integration bound to an s3rver bucket named
// as in the template's Monitor, and the memory review ports around it.

export const HEAD = "d".repeat(40);
export const MONITOR_FILE = "monitors/fraud-detection-drift.yaml";
export const MODEL_FILE = "models/fraud-detection.yaml";
export const NOW = new Date("2026-11-25T06:00:00Z");
export const SECRET = "datalake-secret-4b7e19c2";

export const TARGET: ReviewTarget = {
  owner: "acme",
  repo: "ml-platform",
  number: 12,
  headSha: HEAD,
  defaultBranch: "main",
  fork: false,
};

export function bindingFor(endpoint: string, allowedPrefixes = ["s3://acme-datalake/fraud/"]): ServerBinding {
  const namespaces = ["ml-serving", "mlflow", "feast", "kubeflow", "kserve", "seldon-system", "monitoring"];
  return {
    repository: "acme/ml-platform",
    environments: {
      staging: { cluster: {}, namespaces },
      production: { cluster: {}, namespaces, production: true },
    },
    integrations: {
      mlflow: { type: "mlflow", trackingUri: "http://127.0.0.1:9" },
      datalake: {
        type: "s3",
        endpoint,
        allowedPrefixes,
        accessKeyId: { env: "DATALAKE_KEY" },
        secretAccessKey: { env: "DATALAKE_SECRET" },
      },
      kubeflow: { type: "kfp", endpoint: "https://kubeflow.example/pipeline" },
      "ml-alerts": { type: "slack", token: { env: "SLACK_BOT_TOKEN" } },
    },
  };
}

export interface ReviewScenario {
  s3: S3rverHarness;
  ports: MemoryReviewPorts;
  files: Record<string, string>;
  /** Sets the head: the template with `edits` (path → text replacements) applied. */
  head(edits: Record<string, [string, string][]>): void;
  /** Binds `datalake` through the real S3 adapter, as the GitHub ports do. */
  bind(binding: ServerBinding): Promise<void>;
  /** How many accesses the reviews closed. */
  closed: { count: number };
  close(): Promise<void>;
}

export async function startReviewScenario(): Promise<ReviewScenario> {
  const s3 = await startS3rver("acme-datalake");
  const files = await templateFiles();
  const ports = new MemoryReviewPorts();
  ports.heads.set("main", files);
  ports.currentHead = HEAD;
  ports.defaultConfig = files[".slipway.yml"] ?? null;
  ports.clock = NOW;
  // Accesses handed out and not closed yet: every review closes what it opened.
  const open = new Set<() => void>();
  const closed = { count: 0 };
  return {
    s3,
    ports,
    files,
    head(edits) {
      const head = { ...files };
      for (const [path, pairs] of Object.entries(edits)) {
        let text = head[path] ?? "";
        for (const [from, to] of pairs) {
          if (!text.includes(from)) throw new Error(`${path} has no ${from}`);
          text = text.replace(from, to);
        }
        head[path] = text;
      }
      ports.heads.set(HEAD, head);
      ports.changed = Object.keys(edits);
    },
    async bind(binding) {
      ports.binding = binding;
      const env = { DATALAKE_KEY: "S3RVER", DATALAKE_SECRET: SECRET };
      const readSecret = async (ref: { env: string } | { file: string }) => {
        const value = "env" in ref ? env[ref.env as keyof typeof env] : undefined;
        if (value === undefined) throw new Error("unset");
        return value;
      };
      ports.datasets.set("datalake", async () => {
        const access = await connectBoundDatasets(binding, "datalake", {}, readSecret);
        if (!("close" in access)) return access;
        const close = () => {
          if (open.delete(close)) access.close();
          closed.count++;
        };
        open.add(close);
        return { ...access, close };
      });
    },
    closed,
    async close() {
      for (const close of [...open]) close();
      await s3.close();
    },
  };
}
