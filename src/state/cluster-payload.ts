import type { KubeObject } from "../render/kube-object.ts";
import { MANAGED_BY, MANAGED_BY_LABEL } from "../render/labels.ts";
import type { EnvironmentState } from "./environment-state.ts";
import type { Approval, DeployRecord } from "./environment-store.ts";
import { count, FieldProblem, list, object, readFields } from "./field-reader.ts";
import type { QueuedIntent } from "./intent.ts";
import { environmentTag, sequenceOfId, tagOfId } from "./intent-ids.ts";
import { environmentName, readApproval, readDeployRecord, readEnvironmentState } from "./parse-records.ts";
import { readQueuedIntent } from "./queued-intent.ts";
import { StateError } from "./state-error.ts";

export const STORE_KEY = "store.json";
export const STORE_LABEL = "slipway.dev/state-of";
/** The API server refuses objects over 1 MiB; the ConfigMap's metadata needs some of it. */
export const MAX_STORED_BYTES = 900 * 1024;
/** Intents waiting or running; enqueueing beyond is refused. */
export const MAX_OPEN_INTENTS = 500;
/** Finished intents, deploy records and approvals kept (the oldest go first). */
export const KEEP_FINISHED = 50;
export const KEEP_DEPLOYS = 50;
export const KEEP_APPROVALS = 200;
/** Tokens of the last writes, to tell one's own write that landed from another writer's. */
export const KEEP_WRITES = 16;

/** One environment's store as its ConfigMap holds it (`data["store.json"]`). */
export interface StorePayload {
  version: 1;
  environment: string;
  /** The sequence number of the next intent id (see intent-ids.ts). */
  nextSequence: number;
  writes: string[];
  state: EnvironmentState | null;
  /** Oldest first. */
  intents: QueuedIntent[];
  /** Newest first. */
  deploys: DeployRecord[];
  /** In the order given. */
  approvals: Approval[];
}

export interface StoreLocation {
  namespace: string;
  name: string;
}

export const emptyPayload = (environment: string): StorePayload => ({
  version: 1,
  environment,
  nextSequence: 1,
  writes: [],
  state: null,
  intents: [],
  deploys: [],
  approvals: [],
});

export const describeLocation = (at: StoreLocation) => `ConfigMap ${at.namespace}/${at.name}`;

/** The ConfigMap: `managed-by: slipway` without the environment label, so it is never pruned. */
export function encodePayload(
  payload: StorePayload,
  at: StoreLocation,
  resourceVersion: string | null,
): KubeObject {
  const json = JSON.stringify(payload);
  const bytes = Buffer.byteLength(json, "utf8");
  if (bytes > MAX_STORED_BYTES)
    throw new StateError(
      "full",
      `the environment store of ${payload.environment} would take ${bytes} bytes, more than one ${describeLocation(at)} holds (${MAX_STORED_BYTES}); nothing was written`,
    );
  const metadata: KubeObject["metadata"] = {
    name: at.name,
    namespace: at.namespace,
    labels: { [MANAGED_BY_LABEL]: MANAGED_BY, [STORE_LABEL]: payload.environment },
  };
  if (resourceVersion !== null) metadata.resourceVersion = resourceVersion;
  return { apiVersion: "v1", kind: "ConfigMap", metadata, data: { [STORE_KEY]: json } };
}

function readPayload(value: unknown, environment: string): StorePayload {
  const o = object(value, "the payload");
  if (o.version !== 1) throw new FieldProblem(`version: expected 1, found ${JSON.stringify(o.version)}`);
  const env = environmentName(o.environment, "environment");
  if (env !== environment)
    throw new FieldProblem(`environment: the record is ${env}'s, not ${environment}'s`);
  const tag = environmentTag(environment);
  const nextSequence = count(o.nextSequence, "nextSequence", 1);
  let last = 0;
  const intents = list(o.intents, "intents", MAX_OPEN_INTENTS + KEEP_FINISHED).map((item, i) => {
    const id = (item as { id?: unknown } | null)?.id;
    const intent = readQueuedIntent(item, `intents[${i}]${typeof id === "number" ? ` (id ${id})` : ""}`);
    if (intent.environment !== environment || tagOfId(intent.id) !== tag || intent.id <= last)
      throw new FieldProblem(
        `intents[${i}] (id ${intent.id}): not an id of ${environment} in ascending order`,
      );
    if (sequenceOfId(intent.id) >= nextSequence)
      throw new FieldProblem(`intents[${i}] (id ${intent.id}): at or past nextSequence ${nextSequence}`);
    last = intent.id;
    return intent;
  });
  const writes = list(o.writes, "writes", KEEP_WRITES).map((w, i) => {
    if (typeof w !== "string") throw new FieldProblem(`writes[${i}]: expected a string`);
    return w;
  });
  return {
    version: 1,
    environment,
    nextSequence,
    writes,
    state: o.state === null ? null : readEnvironmentState(o.state, "state"),
    intents,
    deploys: list(o.deploys, "deploys", KEEP_DEPLOYS).map((d, i) => readDeployRecord(d, `deploys[${i}]`)),
    approvals: list(o.approvals, "approvals", KEEP_APPROVALS).map((a, i) =>
      readApproval(a, `approvals[${i}]`),
    ),
  };
}

/** The payload a ConfigMap holds, every field checked; a StateError naming the ConfigMap and field otherwise. */
export function decodePayload(configMap: KubeObject, at: StoreLocation, environment: string): StorePayload {
  const corrupt = (problem: string) =>
    new StateError(
      "corrupt",
      `the environment store ${describeLocation(at)} is corrupt: ${problem}. Nothing was changed; repair it, or delete it to start ${environment}'s queue, state, deploy records and approvals afresh`,
    );
  const stored = (configMap.data as Record<string, unknown> | undefined)?.[STORE_KEY];
  if (typeof stored !== "string") throw corrupt(`data.${STORE_KEY} is missing`);
  if (stored.length > MAX_STORED_BYTES * 2)
    throw corrupt(`data.${STORE_KEY} is larger than any store Slipway writes`);
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    throw corrupt(`data.${STORE_KEY} is not JSON`);
  }
  const result = readFields(() => readPayload(value, environment));
  if ("problem" in result) throw corrupt(result.problem);
  if (result.value.state && result.value.state.environment !== environment)
    throw corrupt(`state.environment: the record is ${result.value.state.environment}'s`);
  return result.value;
}
