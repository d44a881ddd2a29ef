// How a text cell reads as a value, with pandas' `read_csv` defaults: the default missing-value
// spellings, `inf`/`-inf`/`Infinity` in any case, decimal numbers with an optional exponent.

import { decimalToDouble } from "./decimal-to-double.ts";

/** pandas' default `na_values` (pandas/_libs/parsers.pyx STR_NA_VALUES), plus the empty cell. */
export const MISSING_SPELLINGS: ReadonlySet<string> = new Set([
  "",
  "#N/A",
  "#N/A N/A",
  "#NA",
  "-1.#IND",
  "-1.#QNAN",
  "-NaN",
  "-nan",
  "1.#IND",
  "1.#QNAN",
  "<NA>",
  "N/A",
  "NA",
  "NULL",
  "NaN",
  "None",
  "n/a",
  "nan",
  "null",
]);

const INFINITY_SPELLINGS: ReadonlyMap<string, number> = new Map([
  ["inf", Number.POSITIVE_INFINITY],
  ["+inf", Number.POSITIVE_INFINITY],
  ["-inf", Number.NEGATIVE_INFINITY],
  ["infinity", Number.POSITIVE_INFINITY],
  ["+infinity", Number.POSITIVE_INFINITY],
  ["-infinity", Number.NEGATIVE_INFINITY],
]);

/** The numeric reading of a cell that is not a plain decimal number, or undefined for text. */
export function specialNumber(text: string): number | undefined {
  const t = text.trim();
  if (MISSING_SPELLINGS.has(t)) return Number.NaN;
  return INFINITY_SPELLINGS.get(t.toLowerCase());
}

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Result of scanning a cell for a decimal number. */
export const NOT_A_NUMBER = 0;
export const INTEGER_LITERAL = 1;
export const DECIMAL_LITERAL = 2;

/**
 * Scans bytes [start, end) (surrounding spaces allowed) as a decimal number. Returns its kind and,
 * unless `kindOnly`, leaves the value in `out[0]`, correctly rounded: up to 15 significant digits and a
 * power of ten up to 22 exactly (Clinger's fast path: one correctly rounded operation on exact
 * operands), up to 19 digits in double-double arithmetic (decimal-to-double.ts); only what neither
 * can settle goes through `Number()` on the text.
 */
export function scanNumber(
  bytes: Uint8Array,
  start: number,
  end: number,
  out: Float64Array,
  kindOnly = false,
): number {
  while (start < end && bytes[start] === 0x20) start++;
  while (end > start && bytes[end - 1] === 0x20) end--;
  if (start === end) return NOT_A_NUMBER;
  let i = start;
  let negative = false;
  if (bytes[i] === 0x2d || bytes[i] === 0x2b) {
    negative = bytes[i] === 0x2d;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let significant = 0;
  let scale = 0;
  let integer = true;
  const digitsStart = i;
  let c = bytes[i];
  while (i < end && c !== undefined && c >= 0x30 && c <= 0x39) {
    if (significant > 0 || c !== 0x30) significant++;
    mantissa = mantissa * 10 + (c - 0x30);
    digits++;
    c = bytes[++i];
  }
  if (i < end && c === 0x2e) {
    integer = false;
    c = bytes[++i];
    while (i < end && c !== undefined && c >= 0x30 && c <= 0x39) {
      if (significant > 0 || c !== 0x30) significant++;
      mantissa = mantissa * 10 + (c - 0x30);
      digits++;
      scale--;
      c = bytes[++i];
    }
  }
  if (digits === 0) return NOT_A_NUMBER;
  const digitsEnd = i;
  let exponent = 0;
  if (i < end && (c === 0x65 || c === 0x45)) {
    integer = false;
    c = bytes[++i];
    let expNegative = false;
    if (c === 0x2d || c === 0x2b) {
      expNegative = c === 0x2d;
      c = bytes[++i];
    }
    let expDigits = 0;
    while (i < end && c !== undefined && c >= 0x30 && c <= 0x39) {
      exponent = Math.min(exponent * 10 + (c - 0x30), 100_000);
      expDigits++;
      c = bytes[++i];
    }
    if (expDigits === 0) return NOT_A_NUMBER;
    if (expNegative) exponent = -exponent;
  }
  if (i !== end) return NOT_A_NUMBER;
  const kind = integer ? INTEGER_LITERAL : DECIMAL_LITERAL;
  if (kindOnly) return kind;
  const power = scale + exponent;
  let value = Number.NaN;
  if (significant <= 15 && Math.abs(power) <= 22) {
    value =
      power >= 0 ? mantissa * (POWERS_OF_TEN[power] as number) : mantissa / (POWERS_OF_TEN[-power] as number);
  } else if (significant <= 19) {
    value = longDecimal(bytes, digitsStart, digitsEnd, significant, power);
  }
  if (Number.isNaN(value)) {
    let text = "";
    for (let k = start; k < end; k++) text += String.fromCharCode(bytes[k] as number);
    value = Math.abs(Number(text));
  }
  out[0] = negative ? -value : value;
  return kind;
}

/** 16 to 19 significant digits (the '.' skipped) times 10^power, or NaN when Number() must decide. */
function longDecimal(
  bytes: Uint8Array,
  from: number,
  to: number,
  significant: number,
  power: number,
): number {
  let h = 0;
  let l = 0;
  let seen = 0;
  for (let k = from; k < to; k++) {
    const c = bytes[k] as number;
    if (c === 0x2e || (seen === 0 && c === 0x30)) continue;
    if (seen < significant - 8) h = h * 10 + (c - 0x30);
    else l = l * 10 + (c - 0x30);
    seen++;
  }
  return decimalToDouble(h, l, power);
}
