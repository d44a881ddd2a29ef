import { displayName, type KubeObject, type ObjectRef } from "../render/kube-object.ts";
import { type ClusterPort, isClusterFault } from "./cluster-port.ts";

/** An object being deleted is gone, or still there when the wait ended (and why, in words). */
export type GoneResult = { readonly gone: true } | { readonly gone: false; readonly reason: string };

/** Waits until an object being deleted (its finalizers at work) has gone. */
export type GoneWait = (ref: ObjectRef) => Promise<GoneResult>;

export interface GoneWaitOptions {
  /** For every wait of this instance together (one apply): the clock starts at the first wait. */
  readonly timeoutMs: number;
  /** Between reads (default 2 s; never past the deadline). */
  readonly pollMs?: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

const finalizersOf = (object: KubeObject): string =>
  Array.isArray(object.metadata.finalizers) && object.metadata.finalizers.length > 0
    ? object.metadata.finalizers.join(", ")
    : "none left";

/**
 * Polls an object marked for deletion until the API server no longer has it — its controllers have
 * removed their finalizers (Flux uninstalling a chart, KServe tearing a model down) — or the deadline
 * passes. A transient fault counts as "still there"; any other rejects. An object that is there again
 * without a deletion mark was re-created by someone else: it counts as gone, the apply then updates it.
 * One deadline for all the waits of an instance, so an apply with many such objects stays bounded.
 */
export function waitGone(port: Pick<ClusterPort, "get">, options: GoneWaitOptions): GoneWait {
  const pollMs = Math.max(1, options.pollMs ?? 2_000);
  let deadline: number | undefined;
  return async (ref) => {
    deadline ??= options.now() + options.timeoutMs;
    let finalizers = "unknown";
    for (;;) {
      try {
        const object = await port.get(ref);
        if (object === null || object.metadata.deletionTimestamp === undefined) return { gone: true };
        finalizers = finalizersOf(object);
      } catch (error) {
        if (!isClusterFault(error) || !error.retryable) throw error;
      }
      const left = deadline - options.now();
      if (left <= 0) {
        const seconds = Math.round(options.timeoutMs / 1000);
        return {
          gone: false,
          reason: `${displayName(ref)} is still being deleted after ${seconds} s (finalizers: ${finalizers})`,
        };
      }
      await options.sleep(Math.min(pollMs, left));
    }
  };
}
