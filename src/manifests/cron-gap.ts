import { cronProblem } from "./cron.ts";

// The longest time between two consecutive firings of a cron schedule, as Kubernetes CronJobs read
// it (robfig/cron): five UTC fields, `*`/`?`, lists, ranges, steps (`n/s` runs from n to the field's
// end), names, the @-macros; when both day of month and day of week are restricted a day matches
// either, else both. Used to alert when a monitor stops running: a run older than this gap (plus a
// grace) means the schedule was missed.

const MACROS: Readonly<Record<string, string>> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const BOUNDS: readonly { min: number; max: number; names?: readonly string[] }[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS },
  { min: 0, max: 6, names: DAYS },
];
const DAY = 86_400;
/** Days simulated: eight years from a leap year hold two 29 Februaries and every weekday alignment. */
const SPAN_DAYS = 8 * 366;
const START = Date.UTC(2024, 0, 1);

interface Field {
  values: Set<number>;
  /** robfig's star bit: some part is `*` or `?` with no step above 1. */
  star: boolean;
}

function value(text: string, names: readonly string[] | undefined, min: number): number {
  const index = names?.indexOf(text.toLowerCase()) ?? -1;
  return index >= 0 ? index + min : Number(text);
}

function field(text: string, bounds: (typeof BOUNDS)[number]): Field {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(",")) {
    const [range = "", stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    let from = bounds.min;
    let to = bounds.max;
    if (range === "*" || range === "?") {
      if (step <= 1) star = true;
    } else {
      const [low = "", high] = range.split("-");
      from = value(low, bounds.names, bounds.min);
      to =
        high !== undefined
          ? value(high, bounds.names, bounds.min)
          : stepText !== undefined
            ? bounds.max
            : from;
    }
    for (let v = from; v <= to; v += step) values.add(v);
  }
  return { values, star };
}

/** Seconds of the longest gap between consecutive firings; null for an invalid schedule or one that fires at most once in eight years. */
export function longestCronGapSeconds(expression: string): number | null {
  if (cronProblem(expression) !== null) return null;
  const text = expression.trim();
  const fields = (MACROS[text] ?? text)
    .split(/\s+/)
    .map((f, i) => field(f, BOUNDS[i] as (typeof BOUNDS)[number]));
  const [minutes, hours, dom, month, dow] = fields as [Field, Field, Field, Field, Field];
  const times: number[] = [];
  for (const h of [...hours.values].sort((a, b) => a - b))
    for (const m of [...minutes.values].sort((a, b) => a - b)) times.push(h * 3600 + m * 60);
  if (times.length === 0) return null;
  let longest = 0;
  for (let i = 1; i < times.length; i++)
    longest = Math.max(longest, (times[i] as number) - (times[i - 1] as number));
  const first = times[0] as number;
  const last = times[times.length - 1] as number;
  let previous: number | null = null;
  let days = 0;
  for (let d = 0; d < SPAN_DAYS; d++) {
    const date = new Date(START + d * DAY * 1000);
    if (!month.values.has(date.getUTCMonth() + 1)) continue;
    const byDom = dom.values.has(date.getUTCDate());
    const byDow = dow.values.has(date.getUTCDay());
    if (!(dom.star || dow.star ? byDom && byDow : byDom || byDow)) continue;
    if (previous !== null) longest = Math.max(longest, (d - previous) * DAY + first - last);
    previous = d;
    days++;
  }
  if (days === 0 || (days === 1 && times.length === 1)) return null;
  return longest;
}
