import type { DatasetAccess } from "../datasets/s3/dataset-access.ts";
import type { SampleOptions } from "../datasets/s3/read-context.ts";
import type { PlatformSnapshot } from "../manifests/snapshot.ts";
import type { CommentSection } from "../report/sticky-comment.ts";
import { affectedMonitors } from "./drift/affected-monitors.ts";
import { driftCommentSection, forkDriftSection, unknownMonitorSection } from "./drift/drift-markdown.ts";
import { withReferenceLineage } from "./drift/reference-lineage-runs.ts";
import { type MonitorRun, runMonitor } from "./drift/run-monitor.ts";
import type { ReviewPorts, ReviewTarget } from "./review-ports.ts";

export interface DriftInput {
  /** The head as validated: Monitors that passed their schema are run even if the repo has errors. */
  head: PlatformSnapshot;
  /** The default branch, read only when needed; null when it cannot be validated. */
  base: () => Promise<PlatformSnapshot | null>;
  platformChanged: boolean;
  /** `/slipway drift [monitor]`: the section is wanted; a named monitor is run alone, changed or not. */
  command?: { monitor?: string };
  /** The default branch's `integrations.tracking`: where production's training data is read. */
  tracking?: string | null;
}

/** Monitors one review computes; the others are named, to be asked for one by one. */
export const MAX_MONITORS_PER_REVIEW = 5;
/**
 * Rows read per dataset on a review: a seeded sample beyond this, so a review's memory and time stay
 * bounded and a recomputation shows the same numbers. `slipway drift --monitor` reads every row.
 */
export const REVIEW_SAMPLE: SampleOptions = { rows: 1_000_000, seed: 1 };

/**
 * The drift section of a review: for each affected Monitor, its reference against the latest current
 * window at the port's `now`, read through the bound datasets integration. Drift is evidence, not a
 * check: a fault or a refused location becomes words in the section, and this never throws.
 */
export async function driftReview(
  target: ReviewTarget,
  ports: ReviewPorts,
  input: DriftInput,
): Promise<CommentSection | null> {
  const only = input.command?.monitor;
  if (!input.platformChanged && only === undefined) return input.command ? nothingAffected() : null;
  let base: PlatformSnapshot | null;
  try {
    base = only === undefined ? await input.base() : null;
  } catch {
    return unavailable("the default branch could not be read to tell which monitors changed");
  }
  const selection = affectedMonitors(input.head, base, only);
  if (selection.kind === "unknown") return unknownMonitorSection(selection.name, selection.known);
  const { monitors } = selection;
  if (monitors.length === 0) return input.command ? nothingAffected() : null;
  if (target.fork) return forkDriftSection(monitors.map((m) => m.name));
  const now = ports.now();
  const opened = new Map<string, Promise<DatasetAccess>>();
  const access = (integration: string) => {
    let found = opened.get(integration);
    if (!found) {
      found = ports.datasetSource(integration).catch(() => ({
        unavailable: `the datasets integration "${integration}" could not be opened`,
      }));
      opened.set(integration, found);
    }
    return found;
  };
  const repository = ports.dvcRepository?.bind(ports);
  const runs: MonitorRun[] = [];
  try {
    // One monitor at a time: the store is shared, and each run holds its two samples in memory.
    for (const monitor of monitors.slice(0, MAX_MONITORS_PER_REVIEW)) {
      try {
        runs.push(
          await runMonitor(monitor, {
            now,
            access,
            sample: REVIEW_SAMPLE,
            ...(repository ? { repository } : {}),
          }),
        );
      } catch {
        runs.push({
          kind: "unavailable",
          monitor,
          reason: "an unexpected error stopped the drift computation",
        });
      }
    }
  } finally {
    for (const pending of opened.values()) {
      const done = await pending;
      if ("close" in done) done.close();
    }
  }
  const lineageBase = base ?? (await input.base().catch(() => null));
  const described = await withReferenceLineage(runs, ports, lineageBase, input.tracking ?? null).catch(
    () => runs,
  );
  return driftCommentSection(
    described,
    monitors.slice(MAX_MONITORS_PER_REVIEW).map((m) => m.name),
  );
}

function nothingAffected(): CommentSection {
  const body =
    "### Drift\nNo Monitor is affected by this pull request; name one to see its drift: `/slipway drift <monitor>`.";
  return { id: "drift", body, compact: body };
}

function unavailable(reason: string): CommentSection {
  const body = `### Drift\n⚠️ **Drift unavailable**: ${reason}. Retry with \`/slipway drift\`.`;
  return { id: "drift", body, compact: body };
}
