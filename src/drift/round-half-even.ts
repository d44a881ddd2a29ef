/** Rounds to the nearest integer with ties to even, as `numpy.round` does (Math.round rounds ties up). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
