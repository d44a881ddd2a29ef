/**
 * Validates a cron expression as Kubernetes CronJobs read it: five fields (minute hour day-of-month
 * month day-of-week) with `*`, lists, ranges, steps and month/day names, or one of the @-macros.
 * Returns null when valid, or a plain sentence saying what is wrong.
 */
export function cronProblem(expression: string): string | null {
  const text = expression.trim();
  if (text.startsWith("@")) {
    return MACROS.has(text)
      ? null
      : `\`${text.slice(0, 20)}\` is not a cron macro (use ${[...MACROS].join(", ")})`;
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return `a cron schedule has 5 fields, this one has ${fields.length}`;
  for (const [i, field] of fields.entries()) {
    const spec = FIELDS[i] as FieldSpec;
    const problem = fieldProblem(field, spec);
    if (problem) return `field ${i + 1} (${spec.name}): ${problem}`;
  }
  return null;
}

interface FieldSpec {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const MACROS = new Set(["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"]);
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const FIELDS: readonly FieldSpec[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12, names: MONTHS },
  // Kubernetes parses schedules with robfig/cron, whose day of week is 0–6: `7` is refused there.
  { name: "day of week", min: 0, max: 6, names: DAYS },
];

function fieldProblem(field: string, spec: FieldSpec): string | null {
  for (const part of field.split(",")) {
    const [range, step, extra] = part.split("/");
    if (extra !== undefined) return `\`${part}\` has more than one '/'`;
    if (step !== undefined && !/^[1-9][0-9]*$/.test(step))
      return `step \`${step}\` must be a positive number`;
    if (range === "*" || range === "?") continue;
    const bounds = (range ?? "").split("-");
    if (bounds.length > 2) return `\`${range}\` is not a value or a range`;
    const values: number[] = [];
    for (const bound of bounds) {
      const value = parseValue(bound, spec);
      if (value === null) {
        const shown = bound === "" ? "an empty value" : `\`${bound.slice(0, 20)}\``;
        return `${shown} is not a valid ${spec.name} (${spec.min}–${spec.max}${spec.names ? " or a name" : ""})`;
      }
      values.push(value);
    }
    if (values.length === 2 && (values[0] as number) > (values[1] as number))
      return `range \`${range}\` runs backwards`;
  }
  return null;
}

function parseValue(text: string, spec: FieldSpec): number | null {
  if (/^[0-9]{1,2}$/.test(text)) {
    const n = Number(text);
    return n >= spec.min && n <= spec.max ? n : null;
  }
  const index = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  return index < 0 ? null : index + spec.min;
}

/**
 * A Pipeline's schedule as Kubeflow Pipelines takes it. KFP parses crons with robfig/cron v1's default
 * parser, whose first field is the *second* and whose day of week is optional: a five-field standard cron
 * sent as is would be read as `second minute hour day month` ("0 3 1 * *" → 01:03:00 every day). So a
 * five-field schedule is standard cron (minute first, as for every other schedule in Slipway) and is sent
 * with a leading `0` second; six fields are KFP's own form (second first) and are sent unchanged; the
 * @-macros mean the same to both. Returns the KFP cron, or a plain sentence saying what is wrong.
 */
export function kfpCron(expression: string): { cron: string } | { problem: string } {
  const text = expression.trim();
  if (text.startsWith("@")) {
    const problem = cronProblem(text);
    return problem ? { problem } : { cron: text };
  }
  const fields = text.split(/\s+/);
  if (fields.length === 5) {
    const problem = cronProblem(text);
    return problem ? { problem } : { cron: `0 ${fields.join(" ")}` };
  }
  if (fields.length !== 6)
    return {
      problem: `a pipeline schedule has 5 fields (standard cron) or 6 (KFP's, seconds first), this one has ${fields.length}`,
    };
  const seconds = fieldProblem(fields[0] as string, { name: "second", min: 0, max: 59 });
  if (seconds) return { problem: `field 1 (second): ${seconds}` };
  const rest = cronProblem(fields.slice(1).join(" "));
  if (rest) return { problem: rest.replace(/^field (\d)/, (_, n: string) => `field ${Number(n) + 1}`) };
  return { cron: fields.join(" ") };
}
