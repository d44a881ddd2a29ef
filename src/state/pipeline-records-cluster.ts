import { randomUUID } from "node:crypto";
import { type ClusterPort, isClusterFault } from "../cluster/cluster-port.ts";
import type { KubeObject } from "../render/kube-object.ts";
import { MANAGED_BY, MANAGED_BY_LABEL } from "../render/labels.ts";
import { type CasOptions, compareAndSet } from "./compare-and-set.ts";
import { readFields } from "./field-reader.ts";
import {
  emptyRecords,
  type PipelineRecordStore,
  type PipelineRecords,
  readRecords,
  trimRuns,
} from "./pipeline-records.ts";
import { MAX_RECORDS_BYTES } from "./pipeline-records-sqlite.ts";
import { StateError } from "./state-error.ts";

const KEY = "records.json";
const LABEL = "slipway.dev/pipelines-of";
const KEEP_WRITES = 16;

interface Stored extends PipelineRecords {
  repository: string;
  writes: string[];
}

/**
 * One repository's Kubeflow Pipelines records in the cluster (cluster mode): a ConfigMap
 * `slipway-pipelines` in the first namespace of the binding's first environment, beside that
 * environment's state — written read → change → write with the resourceVersion read, and a token per
 * write so a write whose answer was lost is recognised rather than applied twice.
 */
export function clusterPipelineRecords(
  port: ClusterPort,
  namespace: string,
  repository: string,
  options: CasOptions & { token?: () => string } = {},
): PipelineRecordStore {
  const at = `ConfigMap ${namespace}/slipway-pipelines`;
  const ref = { apiVersion: "v1", kind: "ConfigMap", namespace, name: "slipway-pipelines" };
  const token = options.token ?? randomUUID;
  const key = repository.toLowerCase();

  async function load(): Promise<{ stored: Stored; rv: string | null }> {
    const got = await port.get(ref);
    const fresh: Stored = { ...emptyRecords(), repository: key, writes: [] };
    if (!got) return { stored: fresh, rv: null };
    const corrupt = (problem: string) =>
      new StateError(
        "corrupt",
        `the Kubeflow Pipelines records ${at} are corrupt: ${problem}. Nothing was changed; repair the ConfigMap`,
      );
    const text = (got.data as Record<string, unknown> | undefined)?.[KEY];
    if (typeof text !== "string" || text.length > MAX_RECORDS_BYTES * 2)
      throw corrupt(`data.${KEY} is missing or too large`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw corrupt(`data.${KEY} is not JSON`);
    }
    const o = value as { repository?: unknown; writes?: unknown };
    if (o?.repository !== key) throw corrupt(`they are ${String(o?.repository)}'s, not ${key}'s`);
    const read = readFields(() => readRecords(value));
    if ("problem" in read) throw corrupt(read.problem);
    const writes = Array.isArray(o.writes) ? o.writes.filter((w): w is string => typeof w === "string") : [];
    const rv = got.metadata.resourceVersion;
    return { stored: { ...read.value, repository: key, writes }, rv: typeof rv === "string" ? rv : null };
  }

  function encode(stored: Stored, rv: string | null): KubeObject {
    const json = JSON.stringify(stored);
    if (Buffer.byteLength(json) > MAX_RECORDS_BYTES)
      throw new StateError("full", `the Kubeflow Pipelines records would not fit ${at}; nothing was written`);
    return {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "slipway-pipelines",
        namespace,
        // Managed by Slipway without an environment label: never pruned with an environment's objects.
        labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [LABEL]: key.replace(/[^a-z0-9._-]/g, "_").slice(0, 63) },
        ...(rv === null ? {} : { resourceVersion: rv }),
      },
      data: { [KEY]: json },
    };
  }

  return {
    read: async () => {
      const { stored } = await load();
      return { syncedCommit: stored.syncedCommit, recurring: stored.recurring, runs: stored.runs };
    },
    update: (change) =>
      compareAndSet(options, `the Kubeflow Pipelines records ${at}`, async () => {
        const { stored, rv } = await load();
        const result = change(stored);
        stored.runs = trimRuns(stored.runs);
        const mine = token();
        stored.writes = [...stored.writes, mine].slice(-KEEP_WRITES);
        try {
          if (rv === null) await port.create(encode(stored, null));
          else await port.apply(encode(stored, rv), { dryRun: false, force: true });
          return { result };
        } catch (error) {
          if (!isClusterFault(error) || error.kind !== "conflict") throw error;
          const again = await load();
          return again.stored.writes.includes(mine) ? { result } : null;
        }
      }).then((w) => w.result),
  };
}
