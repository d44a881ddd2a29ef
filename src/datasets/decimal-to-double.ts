// The double nearest to h × 10^(p+8) + l × 10^p — a decimal of 16 to 19 significant digits, split as its
// leading digits h and its last eight l — without building a string for Number() (issue #20: CSV files
// written by pandas or JavaScript hold 17-digit numbers, too long for the exact 15-digit path).
//
// Each term is computed as an unevaluated sum of two doubles (Dekker's exact product; a quotient
// corrected by its exact remainder), the terms added with Knuth's two-sum, and the sum rounded once. The
// result is the correctly rounded one unless the exact value lies too close to the midpoint between two
// doubles for that precision (about 2⁻¹⁰⁰ relative) to tell: then NaN, and the caller asks Number().

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);
const SPLITTER = 134_217_729; // 2^27 + 1
const AMBIGUITY = 2 ** -100;

const bits = new Float64Array(1);
const words = new Uint32Array(bits.buffer);

// The pieces of the last double-double computed (module state, so no tuple is allocated per cell).
let ddHi = 0;
let ddLo = 0;

/** Sets ddHi + ddLo = a × b exactly (Dekker; no overflow for the magnitudes used here). */
function twoProduct(a: number, b: number): void {
  const p = a * b;
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  ddHi = p;
  ddLo = ah * bh - p + ah * bl + al * bh + al * bl;
}

/** x × 10^q as ddHi + ddLo (x an integer below 2^53, |q| ≤ 22, so 10^|q| is an exact double). */
function scaled(x: number, q: number): void {
  if (q >= 0) {
    twoProduct(x, POWERS_OF_TEN[q] as number);
    return;
  }
  const divisor = POWERS_OF_TEN[-q] as number;
  const quotient = x / divisor;
  twoProduct(quotient, divisor);
  // The remainder of a correctly rounded quotient is a double, and these steps compute it exactly.
  const remainder = x - ddHi - ddLo;
  ddHi = quotient;
  ddLo = remainder / divisor;
}

/**
 * The double nearest to h × 10^(p+8) + l × 10^p (h < 10^11, l < 10^8, both integers), or NaN when
 * this arithmetic cannot tell (then Number() on the text decides), or when p is outside −22…14.
 */
export function decimalToDouble(h: number, l: number, p: number): number {
  if (p < -22 || p + 8 > 22) return Number.NaN;
  scaled(h, p + 8);
  const h1 = ddHi;
  const l1 = ddLo;
  scaled(l, p);
  const h2 = ddHi;
  const l2 = ddLo;
  const s = h1 + h2;
  const v = s - h1;
  const e = h1 - (s - v) + (h2 - v);
  const t = e + l1 + l2;
  const r = s + t;
  const err = t - (r - s); // what rounding s + t to r left out
  bits[0] = r;
  const high = words[1] as number;
  const exponent = (high >>> 20) & 0x7ff;
  // A power of two has a closer neighbour below than above: not worth the special case.
  if (exponent === 0 || ((high & 0xfffff) === 0 && words[0] === 0)) return Number.NaN;
  const halfUlp = 2 ** (exponent - 1076);
  if (Math.abs(Math.abs(err) - halfUlp) <= r * AMBIGUITY) return Number.NaN;
  return r;
}
