const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Seconds in a manifest duration such as `10m` or `1h30m` (the schema's pattern), rounded up. */
export function durationSeconds(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/([0-9]+)(ms|s|m|h|d|w)/g)) {
    total += Number(amount) * (UNIT_SECONDS[unit as string] ?? 0);
  }
  return Math.ceil(total);
}

/** Milliseconds in a manifest duration, exactly (`500ms` is 500, not a second). */
export function durationMilliseconds(text: string): number {
  let total = 0;
  for (const [, amount, unit] of text.matchAll(/([0-9]+)(ms|s|m|h|d|w)/g)) {
    total += Number(amount) * (UNIT_SECONDS[unit as string] ?? 0) * 1000;
  }
  return Math.round(total);
}
