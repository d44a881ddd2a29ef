// Double-double arithmetic (an unevaluated sum hi + lo of two doubles, ~106 bits), the subset that the
// Smirnov distribution needs, after the QD library's algorithms as used by xsf's `dd_real.h`. JavaScript
// has no fused multiply-add, so exact products use Dekker's splitting.

export interface DD {
  hi: number;
  lo: number;
}

const SPLITTER = 134217729; // 2^27 + 1

export function dd(hi: number, lo = 0): DD {
  return { hi, lo };
}

function quickTwoSum(a: number, b: number): DD {
  const s = a + b;
  return { hi: s, lo: b - (s - a) };
}

function twoSum(a: number, b: number): DD {
  const s = a + b;
  const bb = s - a;
  return { hi: s, lo: a - (s - bb) + (b - bb) };
}

function twoProd(a: number, b: number): DD {
  const p = a * b;
  if (!Number.isFinite(p)) return { hi: p, lo: 0 };
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  return { hi: p, lo: ah * bh - p + ah * bl + al * bh + al * bl };
}

export function add(a: DD, b: DD): DD {
  const s = twoSum(a.hi, b.hi);
  const t = twoSum(a.lo, b.lo);
  let u = quickTwoSum(s.hi, s.lo + t.hi);
  u = quickTwoSum(u.hi, u.lo + t.lo);
  return u;
}

export function sub(a: DD, b: DD): DD {
  return add(a, { hi: -b.hi, lo: -b.lo });
}

export function mul(a: DD, b: DD): DD {
  const p = twoProd(a.hi, b.hi);
  if (!Number.isFinite(p.hi)) return p;
  return quickTwoSum(p.hi, p.lo + (a.hi * b.lo + a.lo * b.hi));
}

export function div(a: DD, b: DD): DD {
  const q1 = a.hi / b.hi;
  if (!Number.isFinite(q1)) return { hi: q1, lo: 0 };
  let r = sub(a, mul(b, dd(q1)));
  const q2 = r.hi / b.hi;
  r = sub(r, mul(b, dd(q2)));
  const q3 = r.hi / b.hi;
  return add(quickTwoSum(q1, q2), dd(q3));
}

export function floorDD(a: DD): DD {
  const hi = Math.floor(a.hi);
  if (hi === a.hi) return quickTwoSum(hi, Math.floor(a.lo));
  return { hi, lo: 0 };
}

export function toNumber(a: DD): number {
  return a.hi + a.lo;
}

// Scratch views for reading and writing the bits of a double (frexp/ldexp without logarithms).
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0; // index of the high word

/** 2^k for -1022 <= k <= 1023, built from its bits. */
function powerOfTwo(k: number): number {
  U32[HIGH] = (k + 1023) << 20;
  U32[1 - HIGH] = 0;
  return F64[0] as number;
}

/** x · 2^e for any integer e, in steps so that neither the factor nor intermediate values overflow. */
export function ldexp(x: number, e: number): number {
  let y = x;
  let k = e;
  while (k > 1023) {
    y *= powerOfTwo(1023);
    k -= 1023;
  }
  while (k < -1022) {
    y *= powerOfTwo(-1022);
    k += 1022;
  }
  return y * powerOfTwo(k);
}

/** C's frexp: x = m · 2^e with 0.5 <= |m| < 1 (m = x, e = 0 for 0, ±inf and NaN). */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  let shift = 0;
  F64[0] = x;
  if (((U32[HIGH] as number) & 0x7ff00000) === 0) {
    F64[0] = x * 2 ** 64; // subnormal: scale by 2^64 first
    shift = 64;
  }
  const high = U32[HIGH] as number;
  const e = ((high >>> 20) & 0x7ff) - 1022 - shift;
  U32[HIGH] = (high & 0x800fffff) | (1022 << 20);
  return [F64[0] as number, e];
}

export function frexpDD(a: DD): [DD, number] {
  const [m, e] = frexp(a.hi);
  return [{ hi: m, lo: ldexp(a.lo, -e) }, e];
}

export function ldexpDD(a: DD, e: number): DD {
  return { hi: ldexp(a.hi, e), lo: ldexp(a.lo, e) };
}
