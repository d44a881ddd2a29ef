// Per-value counts of two samples over the union of their values, the "one bin per value" view that
// Evidently's categorical tests and `get_binned_data` use. Keys are sorted the way Python sorts them
// (numbers numerically, strings by code point), which fixes the key order chi-square and Z depend on.

export interface DiscreteCounts {
  keys: readonly (number | string)[];
  reference: Float64Array;
  current: Float64Array;
}

/** Counts per distinct value of two sorted numeric samples, by one merge walk. */
export function numericValueCounts(a: Float64Array, b: Float64Array): DiscreteCounts {
  const keys: number[] = [];
  const ref: number[] = [];
  const cur: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const va = i < a.length ? (a[i] as number) : Number.POSITIVE_INFINITY;
    const vb = j < b.length ? (b[j] as number) : Number.POSITIVE_INFINITY;
    const v = Math.min(va, vb);
    const i0 = i;
    const j0 = j;
    while (i < a.length && a[i] === v) i++;
    while (j < b.length && b[j] === v) j++;
    keys.push(v);
    ref.push(i - i0);
    cur.push(j - j0);
  }
  return { keys, reference: Float64Array.from(ref), current: Float64Array.from(cur) };
}

/** Python's default string order: by Unicode code point (JS `<` compares UTF-16 code units). */
export function compareCodePoints(x: string, y: string): number {
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const cx = x.codePointAt(i) as number;
    const cy = y.codePointAt(i) as number;
    if (cx !== cy) return cx - cy;
    if (cx > 0xffff) i++;
  }
  return x.length - y.length;
}

/** Counts per category of two dictionary-encoded samples (codes index their own dictionaries). */
export function categoryCounts(
  refCodes: Int32Array,
  refDictionary: readonly string[],
  curCodes: Int32Array,
  curDictionary: readonly string[],
): DiscreteCounts {
  const refTally = tally(refCodes, refDictionary.length);
  const curTally = tally(curCodes, curDictionary.length);
  const index = new Map<string, { ref: number; cur: number }>();
  refDictionary.forEach((key, code) => {
    const c = refTally[code] as number;
    if (c > 0) index.set(key, { ref: c, cur: 0 });
  });
  curDictionary.forEach((key, code) => {
    const c = curTally[code] as number;
    if (c === 0) return;
    const entry = index.get(key);
    if (entry) entry.cur += c;
    else index.set(key, { ref: 0, cur: c });
  });
  const keys = [...index.keys()].sort(compareCodePoints);
  const reference = new Float64Array(keys.length);
  const current = new Float64Array(keys.length);
  keys.forEach((key, k) => {
    const entry = index.get(key) as { ref: number; cur: number };
    reference[k] = entry.ref;
    current[k] = entry.cur;
  });
  return { keys, reference, current };
}

function tally(codes: Int32Array, size: number): Float64Array {
  const counts = new Float64Array(size);
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i] as number;
    if (c >= 0) counts[c] = (counts[c] as number) + 1;
  }
  return counts;
}
