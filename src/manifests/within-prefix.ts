/**
 * Whether `value` lies under an allowed `prefix`, matching whole path segments: an allowed
 * `ghcr.io/acme` admits `ghcr.io/acme/model:1` but not `ghcr.io/acme-evil/model:1`, and an allowed
 * `s3://lake/team-a` admits `s3://lake/team-a/x` but not `s3://lake/team-ab/x`.
 */
export function withinPrefix(value: string, prefix: string): boolean {
  if (!value.startsWith(prefix)) return false;
  if (value.length === prefix.length || /[/:@]$/.test(prefix)) return true;
  return "/:@".includes(value.charAt(prefix.length));
}

/** Whether a location has `.` or `..` segments, which URL parsers and readers may resolve away. */
export function hasDotSegments(location: string): boolean {
  const path = location.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, "");
  return path.split("/").some((s) => s === "." || s === "..");
}
