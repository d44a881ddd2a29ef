import type { DiscreteCounts } from "./discrete-counts.ts";
import { scaleDown, sortedScaleExponent } from "./float-scale.ts";
import { histogramSorted, sturgesEdges } from "./histogram.ts";

// Evidently's `get_binned_data` (legacy/calculations/stattests/utils.py), the input of PSI, KL and JS.

/** Numeric columns with more distinct reference values than this get Sturges bins, not one per value. */
export const MAX_VALUES_AS_BINS = 20;

export interface BinnedShares {
  reference: Float64Array;
  current: Float64Array;
}

export interface NumericBinningInput {
  reference: Float64Array;
  current: Float64Array;
  integer: boolean;
  referenceDistinct: number;
}

/**
 * Equal-width Sturges bins over the combined data (min..max of both samples) when the column is numeric
 * with more than 20 distinct reference values, else the per-value counts; shares are count / size.
 */
export function binnedShares(
  numeric: NumericBinningInput | undefined,
  counts: () => DiscreteCounts,
): BinnedShares {
  if (numeric && numeric.referenceDistinct > MAX_VALUES_AS_BINS) {
    // Shares do not change when the data are scaled by a power of two; the range of ±1.79e308 does
    // overflow, so such data are binned scaled.
    const exponent = sortedScaleExponent(numeric.reference, numeric.current);
    const reference = scaleDown(numeric.reference, exponent);
    const current = scaleDown(numeric.current, exponent);
    const min = Math.min(reference[0] as number, current[0] as number);
    const max = Math.max(reference[reference.length - 1] as number, current[current.length - 1] as number);
    const edges = sturgesEdges(min, max, reference.length + current.length, numeric.integer);
    return {
      reference: divide(histogramSorted(reference, edges), reference.length),
      current: divide(histogramSorted(current, edges), current.length),
    };
  }
  const c = counts();
  return { reference: divide(c.reference, sum(c.reference)), current: divide(c.current, sum(c.current)) };
}

function sum(values: Float64Array): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

function divide(values: Float64Array, by: number): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] as number) / by;
  return out;
}

/**
 * Evidently's zero fill (`feel_zeroes=True`, used by PSI and KL, not JS): each zero share becomes
 * min_nonzero / 1e6 when the smallest non-zero share is <= 0.0001, else 0.0001; per array.
 */
export function fillZeroShares(shares: Float64Array): Float64Array {
  let minNonZero = Number.POSITIVE_INFINITY;
  for (const s of shares) if (s !== 0 && s < minNonZero) minNonZero = s;
  const fill = minNonZero <= 0.0001 ? minNonZero / 10 ** 6 : 0.0001;
  const out = Float64Array.from(shares);
  for (let i = 0; i < out.length; i++) if (out[i] === 0) out[i] = fill;
  return out;
}
