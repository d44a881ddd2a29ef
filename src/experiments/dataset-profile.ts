/** MLflow's profiles are a few dozen bytes of JSON; a far larger one is not read. */
const MAX_PROFILE_CHARS = 64 * 1024;

/**
 * The row count in a dataset's profile, when MLflow recorded one: pandas, Polars and Hugging Face
 * datasets write `{"num_rows": …}`. Anything else — no profile, other keys, a count that is not a
 * non-negative integer — is unknown, never zero.
 */
export function rowsFromProfile(profile: string | undefined): number | null {
  if (!profile || profile.length > MAX_PROFILE_CHARS) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(profile);
  } catch {
    return null;
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return null;
  const rows = (parsed as Record<string, unknown>).num_rows;
  return typeof rows === "number" && Number.isSafeInteger(rows) && rows >= 0 ? rows : null;
}
