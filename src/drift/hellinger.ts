import type { DiscreteCounts } from "./discrete-counts.ts";
import { scaleDown, sortedScaleExponent } from "./float-scale.ts";
import { histogramSorted, sturgesEdges } from "./histogram.ts";

// Hellinger distance as Evidently's `hellinger` stat test (legacy/calculations/stattests/
// hellinger_distance.py): sqrt(1 − BC), BC the Bhattacharyya coefficient clipped to [0, 1].

/** Categorical form: BC = Σ sqrt(p_ref · p_cur) over the shares of each value. */
export function hellingerCategorical(counts: DiscreteCounts): number {
  const nRef = total(counts.reference);
  const nCur = total(counts.current);
  let bc = 0;
  for (let k = 0; k < counts.keys.length; k++) {
    bc += Math.sqrt(((counts.reference[k] as number) / nRef) * ((counts.current[k] as number) / nCur));
  }
  return Math.sqrt(1 - Math.min(1, Math.max(0, bc)));
}

/**
 * Numeric form: Sturges edges over the distinct values of both samples (not the raw data), NumPy
 * density histograms, BC = Σ sqrt(d_ref · d_cur) · mean bin width. BC does not change when the data
 * are scaled by a power of two, so values whose range overflows float64 are binned scaled.
 */
export function hellingerNumeric(
  sortedReference: Float64Array,
  sortedCurrent: Float64Array,
  sortedKeys: Float64Array,
  integer: boolean,
): number {
  const exponent = sortedScaleExponent(sortedKeys);
  const reference = scaleDown(sortedReference, exponent);
  const current = scaleDown(sortedCurrent, exponent);
  const distinctKeys = scaleDown(sortedKeys, exponent);
  const edges = sturgesEdges(
    distinctKeys[0] as number,
    distinctKeys[distinctKeys.length - 1] as number,
    distinctKeys.length,
    integer,
  );
  const h1 = density(histogramSorted(reference, edges), edges);
  const h2 = density(histogramSorted(current, edges), edges);
  const bins = edges.length - 1;
  const binWidth = ((edges[bins] as number) - (edges[0] as number)) / bins;
  let bc = 0;
  for (let i = 0; i < bins; i++) bc += Math.sqrt((h1[i] as number) * (h2[i] as number)) * binWidth;
  return Math.sqrt(1 - Math.min(1, Math.max(0, bc)));
}

/** `numpy.histogram(..., density=True)`: count / bin width / total count. */
function density(counts: Float64Array, edges: Float64Array): Float64Array {
  const n = total(counts);
  return counts.map((c, i) => c / ((edges[i + 1] as number) - (edges[i] as number)) / n);
}

function total(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
