import type { ModelGate } from "../manifests/schemas/model.ts";
import { runOf } from "./dataset-words.ts";
import { deltas, drop, ratioPercent } from "./metric-value.ts";
import type { GateResult, GateVerdict } from "./types.ts";

/**
 * What the gate's relative part may judge against: the baseline's value when the two were shown (or,
 * with a note, assumed) to come from the same evaluation data, or why it cannot be judged. `label`
 * names the baseline in reasons: "production", or what a reviewer named with --against.
 */
export type BaselineContext =
  | { kind: "first-deployment" }
  | { kind: "not-comparable"; reason: string; value: number | null; label: string }
  | { kind: "comparable"; value: number | null; label: string; note?: string };

/** A gate has a relative part when it names production or a drop tolerance. */
export function isRelative(gate: ModelGate): boolean {
  return gate.vs !== undefined || gate.maxDrop !== undefined || gate.maxDropRatio !== undefined;
}

/**
 * Judges one gate on the candidate's finite value (null when missing). Bounds are inclusive: `min` and
 * `max` pass on equality, a drop equal to `maxDrop` (or to `maxDropRatio` × |baseline|) passes,
 * equality judged as the decimals written, not their binary rounding (see `atMost`). `vs: production`
 * with no tolerance means "no worse than production". Failures outrank a relative part that could not
 * be judged, so a reviewer sees the hard problem first; both reasons are kept.
 */
export function checkGate(gate: ModelGate, value: number | null, context: BaselineContext): GateResult {
  // The baseline's value is shown even when it cannot be judged against, so the reviewer sees both.
  const base = context.kind === "first-deployment" ? null : context.value;
  const result = (verdict: GateVerdict, reasons: string[]): GateResult => ({
    gate,
    metric: gate.metric,
    goal: gate.goal,
    baseline: base,
    candidate: value,
    ...deltas(base, value),
    verdict,
    reasons,
    comparability: null,
  });
  if (value === null) return result("missing-metric", ["the candidate run logged no finite value"]);
  const failures: string[] = [];
  if (gate.min !== undefined && !atMost(gate.min, value)) failures.push(`below the minimum ${gate.min}`);
  if (gate.max !== undefined && !atMost(value, gate.max)) failures.push(`above the maximum ${gate.max}`);
  if (!isRelative(gate)) return failures.length > 0 ? result("fail", failures) : result("pass", []);

  if (context.kind === "first-deployment") {
    const note = "first deployment: absolute gates only";
    if (failures.length > 0) return result("fail", [...failures, note]);
    const absolute = gate.min !== undefined || gate.max !== undefined;
    return result(absolute ? "pass" : "skipped", [note]);
  }
  if (context.kind === "not-comparable") {
    if (failures.length > 0) return result("fail", [...failures, context.reason]);
    return result("not-comparable", [context.reason]);
  }
  const notes = context.note ? [context.note] : [];
  const label = context.label;
  if (base === null) {
    const missing = `${runOf(label)} logged no finite value`;
    return failures.length > 0
      ? result("fail", [...failures, missing, ...notes])
      : result("missing-metric", [missing, ...notes]);
  }
  const worse = drop(gate.goal, base, value);
  const tolerant = gate.maxDrop !== undefined || gate.maxDropRatio !== undefined;
  const scale = Math.max(Math.abs(base), Math.abs(value));
  if (!tolerant && !atMost(worse, 0, scale)) failures.push(`worse than ${label}`);
  if (gate.maxDrop !== undefined && !atMost(worse, gate.maxDrop, scale))
    failures.push(`regressed by more than ${gate.maxDrop} against ${label}`);
  if (gate.maxDropRatio !== undefined && !atMost(worse, gate.maxDropRatio * Math.abs(base), scale))
    failures.push(`regressed by more than ${ratioPercent(gate.maxDropRatio)} of ${label}'s value`);
  return failures.length > 0 ? result("fail", [...failures, ...notes]) : result("pass", notes);
}

/**
 * `a ≤ b`, forgiving the rounding of decimal values in binary floating point: 0.9512 − 0.9462 is
 * 0.0050000000000000044 as doubles, and a reviewer who wrote `maxDrop: 0.005` means it to pass. The
 * slack is 1e-12 of the numbers' magnitude: thousands of times the rounding error, far below any
 * difference a metric can mean.
 */
function atMost(a: number, b: number, scale = 0): boolean {
  const magnitude = Math.max(Math.abs(a), Math.abs(b), scale, Number.MIN_VALUE);
  return a <= b + RELATIVE_SLACK * magnitude;
}

const RELATIVE_SLACK = 1e-12;
