import { SearchQueryError } from "./clause-match.ts";

/** MLflow's page token: base64 of `{"offset": N}` as Python's json.dumps writes it (`SearchUtils`). */
export function pageToken(offset: number): string {
  return Buffer.from(`{"offset": ${offset}}`, "utf8").toString("base64");
}

/** The offset a token carries; tokens from a REST server (same format) are accepted too. */
export function readPageToken(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch {
    throw new SearchQueryError("Invalid page token, could not base64-decode it into JSON.");
  }
  const offset = (parsed as { offset?: unknown } | null)?.offset;
  if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0)
    throw new SearchQueryError("Invalid page token: it does not hold a non-negative integer offset.");
  return offset;
}

/** `max_results` within MLflow's bounds (`SEARCH_MAX_RESULTS_THRESHOLD` and friends). */
export function maxResults(value: number | undefined, fallback: number, limit: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > limit)
    throw new SearchQueryError(
      `Invalid value for max_results: it must be an integer from 1 to ${limit}, but got ${value}.`,
    );
  return value;
}

/** One page and, when more remain, the token for the next; MLflow omits the token on the last page. */
export function paginate<T>(
  items: readonly T[],
  offset: number,
  max: number,
): { items: T[]; nextPageToken?: string } {
  const slice = items.slice(offset, offset + max);
  return offset + max < items.length
    ? { items: slice, nextPageToken: pageToken(offset + max) }
    : { items: slice };
}
