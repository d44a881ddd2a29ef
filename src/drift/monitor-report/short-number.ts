// One number format for finding messages, so a message and its bound read alike everywhere.

/** The drift engine's number text for messages: four significant digits. */
export function shortNumber(x: number | null): string {
  if (x === null) return "-";
  if (!Number.isFinite(x)) return Number.isNaN(x) ? "NaN" : x > 0 ? "inf" : "-inf";
  if (x !== 0 && Math.abs(x) < 1e-4) return x.toExponential(2);
  return String(Number(x.toPrecision(4)));
}
