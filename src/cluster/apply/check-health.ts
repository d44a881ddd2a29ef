import { type KubeObject, refOf } from "../../render/kube-object.ts";
import type { HealthStatus, ObjectHealth } from "../../report/apply-report.ts";
import type { ClusterPort } from "../cluster-port.ts";
import { type WaitResult, waitHealthy } from "../wait-healthy.ts";
import type { HealthCheck } from "./apply-settings.ts";
import { mapBounded } from "./run-bounded.ts";

/**
 * Kinds whose health a controller reports (see health.ts); any other object is healthy once it exists,
 * which the apply already proved, so it costs no request.
 */
const WATCHED = new Set(["InferenceService", "Model", "Deployment", "Job"]);

const STATUS: Record<WaitResult["state"], HealthStatus> = {
  ready: "healthy",
  failed: "unhealthy",
  timeout: "progressing",
};

export interface HealthCheckOptions {
  /** The whole wait: every object must be ready before this deadline. */
  timeoutMs: number;
  pollMs?: number;
  /** The first pause between polls, doubled up to `pollMs` (see `waitHealthy`). */
  firstPollMs?: number;
  concurrency: number;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Waits for the objects an apply changed, polling each (bounded concurrency) until ready, failed, or
 * the shared deadline; healthy only when every watched object is ready.
 */
export function healthCheck(port: ClusterPort, options: HealthCheckOptions): HealthCheck {
  return async (objects: readonly KubeObject[]) => {
    const deadline = options.now() + options.timeoutMs;
    const watched = objects.filter((o) => WATCHED.has(o.kind));
    const results = await mapBounded(watched, options.concurrency, async (object): Promise<ObjectHealth> => {
      const ref = refOf(object);
      const result = await waitHealthy(port, ref, {
        timeoutMs: Math.max(0, deadline - options.now()),
        now: options.now,
        sleep: options.sleep,
        ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}),
        ...(options.firstPollMs !== undefined ? { firstPollMs: options.firstPollMs } : {}),
      }).catch((error: Error) => ({ state: "failed" as const, reason: error.message }));
      return { ref, status: STATUS[result.state], message: result.reason };
    });
    return { healthy: results.every((r) => r.status === "healthy"), objects: results };
  };
}
