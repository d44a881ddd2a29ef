// Sorting for Float64Array samples. Below a few thousand values the engine's built-in typed-array sort
// wins; above, an LSD radix sort on the IEEE-754 bit patterns does the job in four linear passes.

/** Samples shorter than this use the built-in sort. */
export const RADIX_SORT_MIN_LENGTH = 4096;
const DIGIT_BITS = 16;
const BUCKETS = 1 << DIGIT_BITS;
const MASK = BUCKETS - 1;

/**
 * Sorts finite numbers ascending in place and returns the same array. The bit patterns are mapped to
 * unsigned keys whose order is the numeric order (flip every bit of negatives, only the sign bit of
 * positives), sorted 16 bits at a time as (low, high) 32-bit word pairs, then mapped back; `scratch`, when
 * given, holds the second buffer the passes alternate with. Passes whose
 * digit is the same for every key are skipped. (−0 sorts before +0; they compare equal anyway.)
 */
export function sortFloat64(values: Float64Array, scratch?: Float64Array): Float64Array {
  const n = values.length;
  if (n < RADIX_SORT_MIN_LENGTH) return values.sort();
  const words = new Uint32Array(values.buffer, values.byteOffset, n * 2);
  const counts = new Uint32Array(BUCKETS * 4);
  for (let i = 0; i < n; i++) {
    let lo = words[2 * i] as number;
    let hi = words[2 * i + 1] as number;
    if (hi & 0x80000000) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else {
      hi = (hi | 0x80000000) >>> 0;
    }
    words[2 * i] = lo;
    words[2 * i + 1] = hi;
    bump(counts, lo & MASK);
    bump(counts, BUCKETS + (lo >>> 16));
    bump(counts, 2 * BUCKETS + (hi & MASK));
    bump(counts, 3 * BUCKETS + (hi >>> 16));
  }
  let source: Uint32Array = words;
  let target: Uint32Array =
    scratch && scratch.length >= n
      ? new Uint32Array(scratch.buffer, scratch.byteOffset, n * 2)
      : new Uint32Array(n * 2);
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * BUCKETS;
    // Exclusive prefix sums give each bucket's first slot; a pass with one full bucket changes nothing.
    let skip = false;
    let total = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const c = counts[base + b] as number;
      if (c === n) skip = true;
      counts[base + b] = total;
      total += c;
    }
    if (skip) continue;
    const word = pass >> 1; // 0: low word, 1: high word
    const shift = (pass & 1) * 16;
    for (let i = 0; i < n; i++) {
      const lo = source[2 * i] as number;
      const hi = source[2 * i + 1] as number;
      const digit = ((word === 0 ? lo : hi) >>> shift) & MASK;
      const slot = counts[base + digit] as number;
      counts[base + digit] = slot + 1;
      target[2 * slot] = lo;
      target[2 * slot + 1] = hi;
    }
    [source, target] = [target, source];
  }
  if (source !== words) words.set(source);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i] as number;
    const hi = words[2 * i + 1] as number;
    if (hi & 0x80000000) {
      words[2 * i + 1] = (hi & 0x7fffffff) >>> 0;
    } else {
      words[2 * i] = ~lo >>> 0;
      words[2 * i + 1] = ~hi >>> 0;
    }
  }
  return values;
}

function bump(counts: Uint32Array, index: number): void {
  counts[index] = (counts[index] as number) + 1;
}
