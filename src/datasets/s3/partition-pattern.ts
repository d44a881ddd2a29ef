// Partition directory patterns such as `dt={date}` or `dt={date}/hour={hour}` (the Monitor schema's
// `partition`): {date} is a UTC date YYYY-MM-DD, {hour} a two-digit UTC hour 00–23. A pattern names
// directories, so a key matches when the expanded pattern is followed by `/`. Pure.

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

export interface PartitionPattern {
  readonly text: string;
  /** Length of one partition: an hour when the pattern has {hour}, else a day. */
  readonly granularityMs: number;
  /** The pattern with {date} filled in and cut before {hour}: the narrowest listing prefix. */
  listingPrefix(start: number): string;
  /** The pattern filled in for the partition starting at `start` (ms since the epoch, UTC). */
  expand(start: number): string;
  /** The start of the partition a key (relative to the dataset prefix) lies in, or undefined. */
  match(relativeKey: string): number | undefined;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A compiled pattern, or the reason it cannot be used. */
export function parsePartitionPattern(text: string): PartitionPattern | { error: string } {
  const literal = text.replace(PLACEHOLDER, "");
  if (literal.includes("{") || literal.includes("}"))
    return { error: `partition \`${text}\` has an unmatched brace` };
  const names = [...text.matchAll(PLACEHOLDER)].map((m) => m[1] as string);
  const unknown = names.find((n) => n !== "date" && n !== "hour");
  if (unknown !== undefined)
    return { error: `partition \`${text}\` has an unknown placeholder {${unknown}}; use {date} and {hour}` };
  if (names.length !== new Set(names).size) return { error: `partition \`${text}\` repeats a placeholder` };
  if (!names.includes("date"))
    return { error: `partition \`${text}\` needs a {date} placeholder ({hour} alone names no day)` };
  if (text.startsWith("/") || text.endsWith("/") || text.includes("//"))
    return { error: `partition \`${text}\` must not start or end with '/' or contain '//'` };
  if (text.split("/").some((segment) => segment === "." || segment === ".."))
    return { error: `partition \`${text}\` has '.' or '..' segments` };
  const hasHour = names.includes("hour");
  const source = escapeRegExp(text)
    .replace("\\{date\\}", "(?<date>\\d{4}-\\d{2}-\\d{2})")
    .replace("\\{hour\\}", "(?<hour>\\d{2})");
  const regex = new RegExp(`^${source}/`);
  const fill = (template: string, start: number) => {
    const iso = new Date(start).toISOString();
    return template.replace("{date}", iso.slice(0, 10)).replace("{hour}", iso.slice(11, 13));
  };
  const hourAt = text.indexOf("{hour}");
  return {
    text,
    granularityMs: hasHour ? HOUR_MS : DAY_MS,
    expand: (start) => fill(text, start),
    listingPrefix: (start) => fill(hourAt < 0 ? `${text}/` : text.slice(0, hourAt), start),
    match(relativeKey) {
      const groups = regex.exec(relativeKey)?.groups;
      if (!groups) return undefined;
      const day = dayStart(groups.date as string);
      if (day === undefined) return undefined;
      if (!hasHour) return day;
      const hour = Number(groups.hour);
      return hour <= 23 ? day + hour * HOUR_MS : undefined;
    },
  };
}

/** Midnight UTC of a YYYY-MM-DD date, or undefined for a day the calendar lacks (2026-02-30). */
function dayStart(date: string): number | undefined {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const t = Date.UTC(y, m - 1, d);
  return new Date(t).toISOString().slice(0, 10) === date ? t : undefined;
}
