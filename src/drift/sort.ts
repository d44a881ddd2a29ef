/** Sorts a Float64Array of finite numbers ascending, in place, and returns it. */
export function sortFloat64(values: Float64Array): Float64Array {
  return values.sort();
}
