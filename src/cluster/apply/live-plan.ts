import { buildPlan } from "../../plan/build-plan.ts";
import { deepEqual } from "../../plan/field-diff.ts";
import { normalize } from "../../plan/normalize.ts";
import type { Plan, PlannedChange } from "../../plan/plan.ts";
import { groupOf, type KubeObject, type ObjectRef, objectKey, refOf } from "../../render/kube-object.ts";
import type { RenderResult } from "../../render/render-result.ts";
import type { ObjectOutcome } from "../../report/apply-report.ts";
import type { ClusterPort } from "../cluster-port.ts";
import { entryKeys, type Inventory } from "../inventory/inventory.ts";
import { describeFault } from "./describe-fault.ts";
import { readLive } from "./read-live.ts";
import { type RetryPolicy, withRetry } from "./retry.ts";
import { mapBounded } from "./run-bounded.ts";

/** A plan against the live cluster, with the API server's verdict on every object it would write. */
export interface LivePlan {
  plan: Plan;
  /** What was planned: the render, from the live objects when the source is a function. */
  rendered: RenderResult;
  desired: Map<string, KubeObject>;
  /** Live objects labelled as this environment's that are desired or in the inventory, by object key. */
  live: Map<string, KubeObject>;
  /** Labelled as this environment's but neither desired nor inventoried: shown, never pruned. */
  untracked: ObjectRef[];
  unserved: string[];
  /**
   * Inventoried objects of kinds the cluster serves at no version: neither read nor pruned, kept in
   * the inventory (a kind dropped from discovery, e.g. an aggregated API down, may come back).
   */
  unreachable: ObjectRef[];
  /** Creates and updates the server-side dry run rejected (webhooks, validation, field conflicts). */
  refusals: ObjectOutcome[];
  /** Updates whose dry run stores exactly the live object (server defaults and normalisation). */
  serverNoop: Set<string>;
  /** LIST requests made to read the cluster. */
  lists: number;
}

/**
 * The desired objects, or how to render them from what the environment runs: a canary needs the
 * version currently served, which only the live objects tell (see served-versions.ts).
 */
export type DesiredSource = RenderResult | ((live: readonly KubeObject[]) => RenderResult);

function scopeKey(ref: ObjectRef): string {
  return `${groupOf(ref.apiVersion)}/${ref.kind}/${ref.namespace ?? ""}`;
}

interface Verdict {
  change: PlannedChange;
  key: string;
  attempts: number;
  error?: string;
  noop?: boolean;
}

export interface LivePlanOptions {
  concurrency: number;
  retry: RetryPolicy;
}

/**
 * Reads the environment (see read-live.ts), plans against it with the cluster as baseline, then asks
 * the API server to dry-run (`dryRun=All`) every create and update, so admission webhooks, defaults and
 * field-manager conflicts are accounted for before anything is written. Unchanged objects cost no
 * request at all: a no-op reconcile is LISTs only.
 */
export async function planLive(
  port: ClusterPort,
  source: DesiredSource,
  inventory: Inventory,
  options: LivePlanOptions,
): Promise<LivePlan> {
  const first = typeof source === "function" ? source([]) : source;
  const tracked = entryKeys(inventory.entries);
  const refs = [...first.objects.map(refOf), ...inventory.entries.map((e) => e.ref)];
  const read = await readLive(port, first.environment, refs, options);
  const desired = typeof source === "function" ? source(read.objects) : first;
  const listed = new Set(refs.map(scopeKey));
  const unlisted = desired.objects.map(refOf).filter((r) => !listed.has(scopeKey(r)));
  if (unlisted.length > 0) {
    // The render from live objects asked for a kind or namespace the first render did not (rare).
    const more = await readLive(port, desired.environment, unlisted, options);
    read.objects.push(...more.objects);
    read.unserved.push(...more.unserved);
    read.unreachable.push(...more.unreachable);
    read.lists += more.lists;
  }
  const wanted = new Map(desired.objects.map((o) => [objectKey(refOf(o)), o]));
  const live = new Map<string, KubeObject>();
  const untracked: ObjectRef[] = [];
  for (const object of read.objects) {
    const key = objectKey(refOf(object));
    if (wanted.has(key) || tracked.has(key)) live.set(key, object);
    else untracked.push(refOf(object));
  }
  const plan = buildPlan({ desired, live: { baseline: "cluster", objects: [...live.values()] } });
  const unservedKinds = new Set(read.unserved);
  const writes = plan.changes.filter((c) => c.action === "create" || c.action === "update");
  const verdicts = await mapBounded(writes, options.concurrency, async (change): Promise<Verdict> => {
    const key = objectKey(change.ref);
    const object = wanted.get(key) as KubeObject;
    if (unservedKinds.has(`${object.apiVersion} ${object.kind}`)) {
      const error = `the cluster does not serve ${object.apiVersion} ${object.kind} (is its CRD installed?)`;
      return { change, key, attempts: 0, error };
    }
    const current = live.get(key);
    const tried = await withRetry(options.retry, () =>
      port.apply(object, { dryRun: true, force: current !== undefined }),
    );
    if (!tried.ok)
      return {
        change,
        key,
        attempts: tried.attempts,
        error: describeFault(tried.fault, desired.environment),
      };
    // An object being deleted is never a no-op, whatever it holds: it is about to go.
    const noop =
      current !== undefined && !change.deleting && deepEqual(normalize(tried.value), normalize(current));
    return { change, key, attempts: tried.attempts, noop };
  });
  const refusals: ObjectOutcome[] = [];
  const serverNoop = new Set<string>();
  for (const v of verdicts) {
    const { ref, action } = v.change;
    if (v.error !== undefined)
      refusals.push({ ref, action, result: "refused", attempts: v.attempts, message: v.error });
    else if (v.noop) serverNoop.add(v.key);
  }
  return {
    plan,
    rendered: desired,
    desired: wanted,
    live,
    untracked,
    unserved: read.unserved,
    unreachable: inventory.entries
      .map((e) => e.ref)
      .filter(
        (r) => read.unreachable.includes(`${groupOf(r.apiVersion)}/${r.kind}`) && !wanted.has(objectKey(r)),
      ),
    refusals,
    serverNoop,
    lists: read.lists,
  };
}
