/** RFC 3339 as protobuf JSON writes Timestamps (seconds precision, `Z`). */
export function timestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
}
