import type { ModelGate } from "../manifests/schemas/model.ts";
import { deltas, drop, finiteMetric, ratioPercent } from "./metric-value.ts";
import type { GateResult, GateVerdict, RunSummary } from "./types.ts";

/** What the gate's relative part may judge against: a baseline on the same data, or why not. */
export type BaselineContext =
  | { kind: "first-deployment" }
  | { kind: "not-comparable"; reason: string; run: RunSummary }
  | { kind: "comparable"; run: RunSummary };

/** A gate has a relative part when it names production or a drop tolerance. */
export function isRelative(gate: ModelGate): boolean {
  return gate.vs !== undefined || gate.maxDrop !== undefined || gate.maxDropRatio !== undefined;
}

/**
 * Judges one gate. Bounds are inclusive: `min` and `max` pass on equality, a drop equal to `maxDrop`
 * (or to `maxDropRatio` × |production|) passes, equality judged as the decimals written, not their
 * binary rounding (see `atMost`). `vs: production` with no tolerance means "no worse
 * than production". Failures outrank a relative part that could not be judged, so a reviewer sees
 * the hard problem first; both reasons are kept.
 */
export function checkGate(gate: ModelGate, candidate: RunSummary, context: BaselineContext): GateResult {
  const value = finiteMetric(candidate.metrics, gate.metric);
  // Production's value is shown even when it cannot be judged against, so the reviewer sees both.
  const base = context.kind === "first-deployment" ? null : finiteMetric(context.run.metrics, gate.metric);
  const result = (verdict: GateVerdict, reasons: string[]): GateResult => ({
    gate,
    metric: gate.metric,
    goal: gate.goal,
    baseline: base,
    candidate: value,
    ...deltas(base, value),
    verdict,
    reasons,
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
  if (base === null) {
    const missing = "the production run logged no finite value";
    return failures.length > 0 ? result("fail", [...failures, missing]) : result("missing-metric", [missing]);
  }
  const worse = drop(gate.goal, base, value);
  const tolerant = gate.maxDrop !== undefined || gate.maxDropRatio !== undefined;
  const scale = Math.max(Math.abs(base), Math.abs(value));
  if (!tolerant && !atMost(worse, 0, scale)) failures.push("worse than production");
  if (gate.maxDrop !== undefined && !atMost(worse, gate.maxDrop, scale))
    failures.push(`regressed by more than ${gate.maxDrop} against production`);
  if (gate.maxDropRatio !== undefined && !atMost(worse, gate.maxDropRatio * Math.abs(base), scale))
    failures.push(`regressed by more than ${ratioPercent(gate.maxDropRatio)} of production's value`);
  return failures.length > 0 ? result("fail", failures) : result("pass", []);
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
