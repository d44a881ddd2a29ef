import type { HealthCheck } from "../cluster/apply/apply-settings.ts";
import { healthCheck } from "../cluster/apply/check-health.ts";
import type { ClusterPort } from "../cluster/cluster-port.ts";
import { type GoneWait, waitGone } from "../cluster/wait-gone.ts";
import { cleanHeadCommit } from "./git-tree-at.ts";
import { type CliIo, UsageError } from "./io.ts";
import { UNKNOWN_COMMIT } from "./render-inputs.ts";

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** `--wait 5m`, `90s`, `1h30m` → seconds; at most a day. */
export function parseWait(text: string, usage: string): number {
  if (!/^([0-9]+[smh])+$/.test(text))
    throw new UsageError(`--wait must be a duration such as 90s, 5m or 1h30m, not '${text}'\n\n${usage}`);
  let seconds = 0;
  for (const [, n, unit] of text.matchAll(/([0-9]+)([smh])/g))
    seconds += Number(n) * (UNITS[unit as string] ?? 0);
  if (seconds < 1 || seconds > 86_400) throw new UsageError(`--wait must be between 1s and 24h\n\n${usage}`);
  return seconds;
}

/** The commit being applied: `--commit`, else HEAD of a clean checkout, else "unknown" (said on stderr). */
export async function resolveCommit(given: string | undefined, dir: string, io: CliIo): Promise<string> {
  if (given !== undefined) return given;
  const head = await cleanHeadCommit(dir);
  if (head !== null) return head;
  io.stderr(
    `slipway apply: ${dir} is not a clean git checkout and no --commit was given; objects are annotated ` +
      `with commit '${UNKNOWN_COMMIT}' and this apply cannot be rolled back to later\n`,
  );
  return UNKNOWN_COMMIT;
}

/** `--wait` also bounds how long objects being deleted are waited for before they are re-created. */
export function waitForDeletion(port: ClusterPort, seconds: number): GoneWait {
  return waitGone(port, {
    timeoutMs: seconds * 1000,
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}

/**
 * `--wait`: every changed model, Deployment and Job ready within `seconds`, polled after 250 ms, then
 * at doubling pauses up to every 5 s.
 */
export function waitForHealth(port: ClusterPort, seconds: number): HealthCheck {
  return healthCheck(port, {
    timeoutMs: seconds * 1000,
    pollMs: 5_000,
    firstPollMs: 250,
    concurrency: 8,
    now: () => Date.now(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
}
