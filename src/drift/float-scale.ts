// Scaling by a power of two before arithmetic that could overflow float64 (issue #16): values near
// ±1.79e308 overflow their differences, and anything above ~1.3e154 overflows its square. Multiplying by
// 2^-k is exact (only the exponent changes), so every scale-invariant score computed on the scaled values
// is the score of the original ones, and a statistic in the data's units is the scaled one times 2^k.

/** Magnitudes up to 2^480 are left alone: their squares, differences and sums of millions stay finite. */
const SAFE_EXPONENT = 480;

/**
 * The k to scale by 2^-k so that every value of magnitude at most `largest` is at most 2^480; 0 (no
 * scaling, results bit-for-bit as before) for ordinary data.
 */
export function scaleExponent(largest: number): number {
  const magnitude = Math.abs(largest);
  if (!(magnitude > 2 ** SAFE_EXPONENT) || !Number.isFinite(magnitude)) return 0;
  return Math.ceil(Math.log2(magnitude)) - SAFE_EXPONENT;
}

/** The scale exponent for sorted samples: their extremes decide. */
export function sortedScaleExponent(...samples: Float64Array[]): number {
  let largest = 0;
  for (const s of samples) {
    if (s.length === 0) continue;
    largest = Math.max(largest, Math.abs(s[0] as number), Math.abs(s[s.length - 1] as number));
  }
  return scaleExponent(largest);
}

/** `values` · 2^-k (the same array when k is 0). */
export function scaleDown(values: Float64Array, exponent: number): Float64Array {
  if (exponent === 0) return values;
  const factor = 2 ** -exponent;
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = (values[i] as number) * factor;
  return out;
}
