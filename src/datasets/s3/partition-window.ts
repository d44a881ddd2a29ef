import { durationSeconds } from "../../render/duration.ts";
import type { PartitionPattern } from "./partition-pattern.ts";

// Which partitions a time window selects, relative to a `now` the caller passes in (no clock here).
// The window ends at the start of the partition that holds now − offset — that partition is still
// being written, so it is left out and a re-run later the same day reads the same data — and reaches
// back `last`. Only whole partitions inside [end − last, end) are selected: with daily partitions,
// `last: 7d` is the seven complete days before today, whatever the hour of the run. Pure.

export interface TimeWindow {
  /** A manifest duration, e.g. 7d. */
  readonly last: string;
  readonly offset?: string;
}

/** Most partitions one window may select (e.g. 416 days of hourly partitions). */
export const MAX_WINDOW_PARTITIONS = 10_000;

/** Start times (ms since the epoch, ascending) of the selected partitions, or why there are none. */
export function windowPartitions(
  pattern: PartitionPattern,
  window: TimeWindow,
  now: Date,
): { starts: number[] } | { error: string } {
  const g = pattern.granularityMs;
  const lastMs = durationSeconds(window.last) * 1000;
  const offsetMs = durationSeconds(window.offset ?? "0s") * 1000;
  const at = now.getTime() - offsetMs;
  if (!Number.isFinite(at)) return { error: "the run time is not a valid date" };
  const end = Math.floor(at / g) * g;
  const first = Math.ceil((end - lastMs) / g) * g;
  const count = (end - first) / g;
  const unit = g === 3_600_000 ? "hour" : "day";
  if (count < 1)
    return {
      error: `window \`last: ${window.last}\` is shorter than one ${unit}, so it holds no whole \`${pattern.text}\` partition`,
    };
  if (count > MAX_WINDOW_PARTITIONS)
    return {
      error: `window \`last: ${window.last}\` selects ${count} \`${pattern.text}\` partitions; the limit is ${MAX_WINDOW_PARTITIONS}`,
    };
  const starts: number[] = [];
  for (let t = first; t < end; t += g) starts.push(t);
  return { starts };
}
