// Equal-width Sturges bins and bin counts with NumPy's edge rules (numpy/lib/_histograms_impl.py).

/**
 * `numpy.histogram_bin_edges(x, bins="sturges")` for data with the given min, max and size:
 * width = ptp / (log2(size) + 1), clamped to >= 1 for integer data; bin count = ceil(range / width);
 * a zero-width range is widened to [min − 0.5, max + 0.5]; edges come from `numpy.linspace`
 * (first + i·step, last edge forced to the upper end).
 */
export function sturgesEdges(min: number, max: number, size: number, integer: boolean): Float64Array {
  const ptp = max - min;
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  let bins = 1;
  if (!Number.isFinite(ptp)) {
    // The range of values near ±1.8e308 overflows; halved, it does not, and the bin count is the same.
    const halfWidth = (max / 2 - min / 2) / (Math.log2(size) + 1);
    return linspace(first, last, Math.ceil((last / 2 - first / 2) / halfWidth) + 1);
  }
  let width = ptp / (Math.log2(size) + 1);
  if (width) {
    if (integer && width < 1) width = 1;
    bins = Math.ceil((last - first) / width);
  }
  return linspace(first, last, bins + 1);
}

/** `numpy.linspace(start, stop, num, endpoint=True)` in float64. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const out = new Float64Array(num);
  const div = num - 1;
  const delta = stop - start;
  if (div > 0 && !Number.isFinite(delta)) {
    // From near -1.8e308 to near +1.8e308: each edge as a weighted mean of the ends, which cannot overflow.
    for (let i = 0; i < num; i++) out[i] = (1 - i / div) * start + (i / div) * stop;
  } else if (div > 0) {
    const step = delta / div;
    if (step === 0) for (let i = 0; i < num; i++) out[i] = (i / div) * delta + start;
    else for (let i = 0; i < num; i++) out[i] = i * step + start;
  } else {
    for (let i = 0; i < num; i++) out[i] = i * delta + start;
  }
  if (num > 1) out[num - 1] = stop;
  return out;
}

/**
 * `numpy.histogram(x, edges)[0]` for explicit edges and sorted x: every bin is [e_i, e_{i+1}) except the
 * last, which is closed; values outside [e_0, e_last] are not counted. One walk over sorted data.
 */
export function histogramSorted(sorted: Float64Array, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const counts = new Float64Array(bins);
  const n = sorted.length;
  let i = 0;
  while (i < n && (sorted[i] as number) < (edges[0] as number)) i++;
  for (let b = 0; b < bins; b++) {
    const upper = edges[b + 1] as number;
    const start = i;
    if (b === bins - 1) while (i < n && (sorted[i] as number) <= upper) i++;
    else while (i < n && (sorted[i] as number) < upper) i++;
    counts[b] = i - start;
  }
  return counts;
}
