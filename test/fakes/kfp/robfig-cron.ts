/**
 * The cron syntax KFP accepts (`cron.Parse` of robfig/cron v1.2.0, which KFP's api_converter.go calls):
 * 5 or 6 fields, the first being the *second* and the day of week optional, or a descriptor. Written
 * independently of Slipway's own cron code, so a mistake there is not mirrored here. Returns the
 * parser's complaint, or null.
 */
const BOUNDS: readonly [number, number, (readonly string[])?][] = [
  [0, 59],
  [0, 59],
  [0, 23],
  [1, 31],
  [1, 12, ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]],
  [0, 6, ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]],
];
const DESCRIPTORS = ["@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly"];

function value(text: string, [min, , names]: (typeof BOUNDS)[number]): number | null {
  if (/^\d+$/.test(text)) return Number(text);
  const i = names?.indexOf(text.toLowerCase()) ?? -1;
  return i < 0 ? null : i + min;
}

export function robfigCronProblem(spec: string): string | null {
  const text = spec.trim();
  if (text.startsWith("@")) {
    if (DESCRIPTORS.includes(text) || /^@every \d+(ns|us|ms|s|m|h)(\d+(ns|us|ms|s|m|h))*$/.test(text))
      return null;
    return `Unrecognized descriptor: ${text}`;
  }
  const fields = text.split(/\s+/);
  if (fields.length < 5 || fields.length > 6)
    return `Expected 5 to 6 fields, found ${fields.length}: ${text}`;
  for (const [i, field] of fields.entries()) {
    const bounds = BOUNDS[i] as (typeof BOUNDS)[number];
    for (const part of field.split(",")) {
      const [range, step, extra] = part.split("/");
      if (extra !== undefined || (step !== undefined && !/^\d+$/.test(step)))
        return `Failed to parse int from ${part}`;
      if (range === "*" || range === "?") continue;
      const ends = (range ?? "").split("-");
      if (ends.length > 2) return `Too many hyphens: ${range}`;
      const nums = ends.map((e) => value(e, bounds));
      if (nums.some((n) => n === null)) return `Failed to parse int from ${range}`;
      const [lo, hi = lo] = nums as number[];
      if ((lo as number) < bounds[0])
        return `Beginning of range (${lo}) below minimum (${bounds[0]}): ${range}`;
      if ((hi as number) > bounds[1]) return `End of range (${hi}) above maximum (${bounds[1]}): ${range}`;
      if ((lo as number) > (hi as number))
        return `Beginning of range (${lo}) beyond end of range (${hi}): ${range}`;
    }
  }
  return null;
}
