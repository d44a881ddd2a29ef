import type { Tier } from "../../plan/apply-order.ts";
import type { PlannedChange } from "../../plan/plan.ts";
import { displayName, type KubeObject, objectKey } from "../../render/kube-object.ts";
import type { ObjectOutcome } from "../../report/apply-report.ts";
import type { ClusterPort } from "../cluster-port.ts";
import type { GoneWait } from "../wait-gone.ts";
import { describeFault } from "./describe-fault.ts";
import { type RetryPolicy, withRetry } from "./retry.ts";
import { mapBounded } from "./run-bounded.ts";

export interface ExecuteInput {
  port: ClusterPort;
  environment: string;
  /** In plan order: creates and updates by tier, then deletes in reverse tier order. */
  changes: readonly PlannedChange[];
  desired: ReadonlyMap<string, KubeObject>;
  /** Keys of live objects Slipway owns: applied with `force`, since the fields are Slipway's to set. */
  owned: ReadonlySet<string>;
  /** Updates the server's dry run showed to change nothing: not sent. */
  serverNoop: ReadonlySet<string>;
  /** Keys of the deletes to carry out; other deletes are kept, with `keptBecause`. */
  prune: ReadonlySet<string>;
  keptBecause: string;
  concurrency: number;
  retry: RetryPolicy;
  /** Waits for an object being deleted to go before it is created again (null: it fails, saying why). */
  waitGone: GoneWait | null;
}

/**
 * Carries out a plan stage by stage: every object of a tier is applied (up to `concurrency` at once)
 * before the next tier starts, because later tiers use earlier ones (namespaces and CRDs, config, the
 * feature store before the models). A failed stage stops the applies after it and every delete: the
 * environment is left as close to the last good state as possible. Failed deletes do not stop other
 * deletes; they stay in the inventory to be retried.
 */
export async function executeChanges(input: ExecuteInput): Promise<ObjectOutcome[]> {
  const outcomes = new Map<PlannedChange, ObjectOutcome>();
  let stopped: string | null = null;
  for (const stage of stages(input.changes)) {
    const isDelete = stage[0]?.action === "delete";
    if (stopped !== null) {
      for (const c of stage)
        outcomes.set(c, { ...base(c), result: isDelete ? "kept" : "skipped", message: stopped });
      continue;
    }
    const results = await mapBounded(stage, input.concurrency, (c) =>
      isDelete ? remove(c, input) : write(c, input),
    );
    for (const [i, c] of stage.entries()) outcomes.set(c, results[i] as ObjectOutcome);
    const failed = results.filter((r) => r.result === "failed").length;
    if (failed > 0 && !isDelete)
      stopped = `not attempted: ${failed} object(s) of stage '${stage[0]?.tier}' failed`;
  }
  return input.changes.map((c) => outcomes.get(c) as ObjectOutcome);
}

/** Consecutive changes of one tier and one direction (apply or delete), in plan order. */
function stages(changes: readonly PlannedChange[]): PlannedChange[][] {
  const out: PlannedChange[][] = [];
  let key: `${Tier}:${boolean}` | null = null;
  for (const change of changes) {
    const k = `${change.tier}:${change.action === "delete"}` as const;
    if (k !== key) out.push([]);
    key = k;
    out[out.length - 1]?.push(change);
  }
  return out;
}

function base(change: PlannedChange): ObjectOutcome {
  return { ref: change.ref, action: change.action, result: "unchanged", attempts: 0 };
}

const AFTER_GONE = "it is re-created by the next apply once it is gone";

async function write(change: PlannedChange, input: ExecuteInput): Promise<ObjectOutcome> {
  const key = objectKey(change.ref);
  if (change.action === "unchanged") return base(change);
  if (input.serverNoop.has(key))
    return { ...base(change), message: "the API server's dry run stores the object unchanged" };
  let recreated: string | undefined;
  if (change.deleting) {
    // Applied now, it would only update the object its finalizers are about to let go; wait until it
    // has gone, then create it afresh.
    const held = change.deleting.finalizers.join(", ") || "none left";
    if (input.waitGone === null)
      return {
        ...base(change),
        result: "failed",
        message: `${displayName(change.ref)} is being deleted (finalizers: ${held}); ${AFTER_GONE}`,
      };
    const waited = await input.waitGone(change.ref).catch((error: Error) => ({
      gone: false as const,
      reason: `${displayName(change.ref)} is being deleted and could not be read: ${error.message}`,
    }));
    if (!waited.gone)
      return { ...base(change), result: "failed", message: `${waited.reason}; ${AFTER_GONE}` };
    recreated = `re-created: it was being deleted (${held}) and is gone now`;
  }
  const object = input.desired.get(key) as KubeObject;
  const tried = await withRetry(input.retry, () =>
    input.port.apply(object, { dryRun: false, force: input.owned.has(key) }),
  );
  if (!tried.ok)
    return {
      ...base(change),
      result: "failed",
      attempts: tried.attempts,
      message: describeFault(tried.fault, input.environment),
    };
  return {
    ...base(change),
    result: change.action === "create" ? "created" : "updated",
    attempts: tried.attempts,
    ...(recreated ? { message: recreated } : {}),
  };
}

async function remove(change: PlannedChange, input: ExecuteInput): Promise<ObjectOutcome> {
  if (!input.prune.has(objectKey(change.ref)))
    return { ...base(change), result: "kept", message: input.keptBecause };
  const tried = await withRetry(input.retry, () =>
    input.port.delete(change.ref, { propagation: "Background", dryRun: false }),
  );
  if (!tried.ok)
    return {
      ...base(change),
      result: "failed",
      attempts: tried.attempts,
      message: `${describeFault(tried.fault, input.environment)} (kept in the inventory; the next apply retries it)`,
    };
  const outcome = tried.value;
  if (typeof outcome === "object")
    return {
      ...base(change),
      result: "deleting",
      attempts: tried.attempts,
      message: `being deleted since ${outcome.since}; goes once its finalizers are done (${outcome.finalizers.join(", ")}); kept in the inventory until then`,
    };
  return { ...base(change), result: outcome, attempts: tried.attempts };
}
