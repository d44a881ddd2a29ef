import { durationSeconds } from "../render/duration.ts";
import { displayName, type KubeObject, type ObjectRef } from "../render/kube-object.ts";
import { MODEL_LOAD_TIMEOUT_ANNOTATION } from "../render/serving-common.ts";
import { type ClusterPort, isClusterFault } from "./cluster-port.ts";
import { type Health, healthOf } from "./health.ts";

/** How long a new model version may take to load when its manifest does not say (KServe's own default is 10 min). */
export const DEFAULT_MODEL_LOAD_TIMEOUT_MS = 10 * 60_000;

export interface WaitOptions {
  /** The model-load timeout; see `modelLoadTimeoutMs`. */
  readonly timeoutMs: number;
  /** Between polls (default 5 s; never past the deadline). */
  readonly pollMs?: number;
  /**
   * The first pause, doubled after each poll up to `pollMs` (default: `pollMs` from the start). A
   * controller usually reports a small change ready within a second: a short first pause sees that
   * at once instead of a whole poll period later, while a slow model load is still polled at `pollMs`.
   */
  readonly firstPollMs?: number;
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Told each observation, e.g. to update a deployment's status line. */
  readonly onProgress?: (health: Health) => void;
}

export interface WaitResult {
  readonly state: "ready" | "failed" | "timeout";
  readonly reason: string;
  readonly elapsedMs: number;
  /** The object as last read (null when it never appeared). */
  readonly object: KubeObject | null;
}

/**
 * The timeout the rendered object carries (`slipway.dev/model-load-timeout`, from the Model's
 * `serving.modelLoadTimeout`), else the fallback.
 */
export function modelLoadTimeoutMs(object: KubeObject, fallbackMs = DEFAULT_MODEL_LOAD_TIMEOUT_MS): number {
  const text = object.metadata.annotations?.[MODEL_LOAD_TIMEOUT_ANNOTATION];
  const seconds = text === undefined ? 0 : durationSeconds(text);
  return seconds > 0 ? seconds * 1000 : fallbackMs;
}

/**
 * Polls one object until it is ready, has failed, or the timeout passes. A transient fault while
 * polling (the API briefly unreachable) counts as "not ready yet"; any other fault ends the wait by
 * rejecting with it.
 */
export async function waitHealthy(
  cluster: Pick<ClusterPort, "get">,
  ref: ObjectRef,
  options: WaitOptions,
): Promise<WaitResult> {
  const start = options.now();
  const pollMs = Math.max(1, options.pollMs ?? 5_000);
  let pauseMs = Math.min(pollMs, Math.max(1, options.firstPollMs ?? pollMs));
  let object: KubeObject | null = null;
  for (;;) {
    let health: Health;
    try {
      object = await cluster.get(ref);
      health = object
        ? healthOf(object)
        : { state: "progressing", reason: `${displayName(ref)} does not exist yet` };
    } catch (error) {
      if (!isClusterFault(error) || !error.retryable) throw error;
      health = { state: "progressing", reason: `the API server did not answer (${error.kind})` };
    }
    options.onProgress?.(health);
    const elapsedMs = options.now() - start;
    if (health.state !== "progressing")
      return { state: health.state, reason: health.reason, elapsedMs, object };
    if (elapsedMs >= options.timeoutMs) {
      const seconds = Math.round(options.timeoutMs / 1000);
      return {
        state: "timeout",
        reason: `${displayName(ref)} was not ready within ${seconds} s: ${health.reason}`,
        elapsedMs,
        object,
      };
    }
    await options.sleep(Math.min(pauseMs, options.timeoutMs - elapsedMs));
    pauseMs = Math.min(pollMs, pauseMs * 2);
  }
}
